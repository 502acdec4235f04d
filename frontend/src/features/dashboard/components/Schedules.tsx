import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { INPUT_CLASS, TextInput } from "@/components/ui/TextInput";
import { ApiError } from "@/lib/api/errors";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useDebounced } from "@/lib/useDebounced";
import { useCronPreview, useScheduleActions, useSchedules, type Schedule } from "../api/schedules";
import { MODES } from "./StartRunForm";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

function Preview({ cron }: { cron: string }) {
  const preview = useCronPreview(useDebounced(cron, 300));
  if (!cron.trim()) return null;
  if (preview.error) {
    const message = preview.error instanceof ApiError ? preview.error.message : "Not a cron expression.";
    return <p className="text-sm text-red-700 dark:text-red-300" role="status">{message}</p>;
  }
  if (!preview.data) return null;
  return (
    <div className="text-sm" role="status" data-testid="cron-preview">
      <p className="font-medium">{preview.data.description}</p>
      <p className="text-slate-600 dark:text-slate-300">Next: {preview.data.next_runs.map((t) => new Date(t).toLocaleString()).join(" · ")}</p>
    </div>
  );
}

function NewSchedule({ onDone }: { onDone: () => void }) {
  const { create } = useScheduleActions();
  const [name, setName] = useState("");
  const [cron, setCron] = useState("0 3 * * *");
  const [mode, setMode] = useState<(typeof MODES)[number]["value"]>("full");
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), cron: cron.trim(), config: { mode }, enabled: true }, {
      onSuccess: (s) => { toast.success(`Scheduled “${s.name}”.`); onDone(); },
      onError: (error) => notifyError(error, "Could not add the schedule"),
    });
  }
  return (
    <form onSubmit={submit} className="space-y-2 rounded-md bg-slate-50 p-2 dark:bg-slate-900" aria-label="New schedule">
      <TextInput label="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      <TextInput label="When (cron: minute hour day month weekday)" value={cron} onChange={(e) => setCron(e.target.value)} required maxLength={100} />
      <Preview cron={cron} />
      <label className="block text-sm">
        <span className="mb-0.5 block font-medium">What to run</span>
        <select className={INPUT_CLASS} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          {MODES.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
        </select>
      </label>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending || !name.trim()}>Add schedule</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

function Row({ schedule, canEdit }: { schedule: Schedule; canEdit: boolean }) {
  const { toggle, remove, runNow } = useScheduleActions();
  const [confirm, setConfirm] = useState(false);
  return (
    <li className="py-2 text-sm" data-schedule={schedule.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{schedule.name}</span>
        <code className="text-xs">{schedule.cron}</code>
        {!schedule.enabled && <span className="text-xs text-slate-600 dark:text-slate-300">(off)</span>}
      </div>
      <p className="text-slate-600 dark:text-slate-300">
        {String(schedule.config["mode"] ?? "full").replace(/_/g, " ")} · next {schedule.enabled ? when(schedule.next_run_at) : "—"} · last {when(schedule.last_run_at)}
      </p>
      {canEdit && (
        <div className="mt-1 flex flex-wrap gap-1">
          <Button disabled={runNow.isPending} onClick={() => runNow.mutate(schedule.id, { onSuccess: () => toast.success("The run started."), onError: (e) => notifyError(e, "Could not run it now") })}>Run now</Button>
          <Button onClick={() => toggle.mutate({ id: schedule.id, enabled: !schedule.enabled }, { onError: (e) => notifyError(e, "Could not change the schedule") })}>
            {schedule.enabled ? "Turn off" : "Turn on"}
          </Button>
          <Button variant="ghost" onClick={() => setConfirm(true)}>Delete</Button>
        </div>
      )}
      <ConfirmDialog open={confirm} title={`Delete “${schedule.name}”?`} confirmLabel="Delete schedule" danger onClose={() => setConfirm(false)}
        onConfirm={() => { setConfirm(false); remove.mutate(schedule.id, { onError: (e) => notifyError(e, "Could not delete") }); }}>
        Runs it started stay in the history.
      </ConfirmDialog>
    </li>
  );
}

/** Runs on a timetable: cron with its meaning and next times shown as it is typed. */
export function Schedules({ canEdit }: { canEdit: boolean }) {
  const schedules = useSchedules();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="schedules" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex items-center gap-2">
        <h2 id="schedules" className="flex-1 font-semibold">Schedules</h2>
        {canEdit && !adding && <Button onClick={() => setAdding(true)}>New schedule</Button>}
      </div>
      {adding && <NewSchedule onDone={() => setAdding(false)} />}
      {schedules.error && <ErrorPanel error={schedules.error} onRetry={() => void schedules.refetch()} />}
      {schedules.data?.length === 0 && !adding && <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">No schedules: runs start only when someone starts them.</p>}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Schedules">
        {schedules.data?.map((s) => <Row key={s.id} schedule={s} canEdit={canEdit} />)}
      </ul>
    </section>
  );
}
