import { useToasts } from "@/lib/toast";

const KIND = {
  info: "border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900",
  success: "border-green-400 bg-green-50 dark:border-green-700 dark:bg-green-950",
  error: "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950",
};

export function Toaster() {
  const { toasts, dismiss } = useToasts();
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-2 bottom-2 z-50 flex w-[min(24rem,calc(100vw-1rem))] flex-col gap-2">
      {toasts.map((t) => (
        <div key={t.id} role={t.kind === "error" ? "alert" : "status"} className={`pointer-events-auto rounded-md border p-3 text-sm shadow ${KIND[t.kind]}`}>
          <div className="flex items-start gap-2">
            <p className="flex-1">{t.message}</p>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)} className="rounded px-1 focus-visible:outline-2 focus-visible:outline-indigo-500">
              ×
            </button>
          </div>
          {t.detail && <p className="mt-1 font-mono text-xs">{t.detail}</p>}
        </div>
      ))}
    </div>
  );
}
