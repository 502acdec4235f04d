import type { ImportReport } from "../api/sources";

/** What an import did: new, unchanged, updated and failed (each failure with its reason). */
export function ImportReportView({ report }: { report: ImportReport }) {
  const failures = report.failures ?? [];
  return (
    <div className="mt-1 text-sm" data-testid="import-report">
      <p>
        {report.format && <span className="mr-2 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{report.format}</span>}
        <strong>{report.new ?? 0}</strong> new · <strong>{report.unchanged ?? 0}</strong> unchanged · <strong>{report.updated ?? 0}</strong> updated ·{" "}
        <strong className={report.failed ? "text-red-700 dark:text-red-300" : ""}>{report.failed ?? 0}</strong> failed
      </p>
      {failures.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer">Why {failures.length === 1 ? "one record" : `${failures.length} records`} failed</summary>
          <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5 text-xs">
            {failures.map((f, i) => (
              <li key={`${f.ref}-${i}`}><span className="font-mono">{f.ref}</span>: {f.reason}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
