import { useId, type ReactNode } from "react";

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 p-6 shadow-sm dark:border-slate-700">
        <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">kbagent</p>
        <h1 className="mt-1 mb-4 text-xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Field({
  label,
  hint,
  ...props
}: { label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const hintId = useId();
  const field = (
    <label className="block text-sm font-medium">
      {label}
      <input
        {...props}
        aria-describedby={hint ? hintId : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-600 dark:bg-slate-900"
      />
    </label>
  );
  if (!hint) return field;
  // Outside the label, so the field's name stays its label and the hint is its description.
  return (
    <div>
      {field}
      <p id={hintId} className="mt-1 text-xs text-slate-600 dark:text-slate-300">{hint}</p>
    </div>
  );
}
