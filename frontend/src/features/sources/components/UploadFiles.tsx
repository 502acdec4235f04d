import { useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/Button";
import { useUpload } from "../hooks/useUpload";
import { useUploads, type Upload } from "../stores/uploads";
import { ImportReportView } from "./ImportReportView";

const BAR_COLOUR: Record<Upload["status"], string> = { uploading: "bg-indigo-600", done: "bg-green-600", failed: "bg-red-600" };

/** Sent bytes while uploading; a refused file (often refused once fully sent) shows red, never done-green. */
function UploadBar({ upload }: { upload: Upload }) {
  const percent = Math.round(upload.progress * 100);
  return (
    <div
      role="progressbar"
      aria-label={`Upload of ${upload.name}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={upload.status === "failed" ? `failed: ${upload.error ?? "unknown error"}` : upload.status === "done" ? "done" : `${percent}%`}
      data-status={upload.status}
      className="h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
    >
      {/* A failure fills the bar, so the red shows even when it came before any byte was sent. */}
      <div className={`h-full ${BAR_COLOUR[upload.status]}`} style={{ width: `${upload.status === "failed" ? 100 : percent}%` }} />
    </div>
  );
}

/** Drop or choose files: archives, exports, bookmarks, PDF, DOCX, EPUB, HTML, Markdown, text. */
export function UploadFiles() {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const upload = useUpload();
  const { uploads, clearFinished } = useUploads();

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length) void upload(files);
  }

  return (
    <section className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="upload-files">
      <h2 id="upload-files" className="font-semibold">Upload files</h2>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="dropzone"
        className={`mt-2 rounded-md border-2 border-dashed p-6 text-center text-sm ${over ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950" : "border-slate-300 dark:border-slate-600"}`}
      >
        <p>Drop files here, or</p>
        <Button className="mt-2" onClick={() => input.current?.click()}>Choose files</Button>
        <input
          ref={input}
          type="file"
          multiple
          className="sr-only"
          aria-label="Files to import"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = "";
            if (files.length) void upload(files);
          }}
        />
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">X archive zip, exporter JSON, bookmarks HTML, Pocket, Raindrop, Instapaper, Karakeep, Linkwarden, Omnivore or Readwise export, PDF, DOCX, EPUB, HTML, Markdown or text.</p>
      </div>
      {uploads.length > 0 && (
        <ul className="mt-2 space-y-2" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.id} className="text-sm">
              <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate">{u.name}</span>
                <span className={`text-xs ${u.status === "failed" ? "font-medium text-red-700 dark:text-red-300" : ""}`}>{u.status === "uploading" ? `${Math.round(u.progress * 100)}%` : u.status}</span>
              </div>
              <UploadBar upload={u} />
              {u.report && <ImportReportView report={u.report} />}
              {u.error && (
                <p role="alert" className="text-red-700 dark:text-red-300">
                  {u.error} {u.requestId && <span className="font-mono text-xs">(request id {u.requestId})</span>}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {uploads.some((u) => u.status !== "uploading") && <Button variant="ghost" className="mt-2" onClick={clearFinished}>Clear finished</Button>}
    </section>
  );
}
