import type { ReactNode } from "react";

export function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <h2 id={id} className="font-semibold">{title}</h2>
      <div className="mt-2 text-sm">{children}</div>
    </section>
  );
}
