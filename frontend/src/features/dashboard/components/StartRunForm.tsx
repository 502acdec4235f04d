import { Disclosure, DisclosureButton, DisclosurePanel } from "@headlessui/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useStartRun, type RunConfig } from "../api/runs";

type Mode = NonNullable<RunConfig["mode"]>;
type Phase = NonNullable<RunConfig["skip_phases"]>[number];
type ModelPhase = keyof NonNullable<RunConfig["models"]>;

export const MODES: { value: Mode; label: string }[] = [
  { value: "full", label: "Everything new (fetch, process, synthesise, export)" },
  { value: "fetch_only", label: "Fetch only (X bookmarks and queued URLs)" },
  { value: "synthesis_only", label: "Synthesis documents only" },
  { value: "embeddings_only", label: "Embeddings only" },
  { value: "git_sync", label: "Commit and push the vault (git)" },
];
export const PHASES: Phase[] = ["fetch", "cache", "media", "categorise", "generate", "embed", "synthesis", "export", "git"];
const MODEL_PHASES: { key: ModelPhase; label: string }[] = [
  { key: "categorisation", label: "Categorise" },
  { key: "kb_generation", label: "Notes" },
  { key: "vision", label: "Images" },
  { key: "synthesis", label: "Synthesis" },
  { key: "embeddings", label: "Embeddings" },
];

/** What the form sends: only what differs from the defaults. */
export function buildConfig(form: {
  mode: Mode;
  skip: Set<Phase>;
  force: Set<Phase>;
  models: Partial<Record<ModelPhase, string>>;
  synthesisMin: string;
  synthesisMax: string;
  xFullSync: boolean;
}): RunConfig {
  const config: RunConfig = { mode: form.mode };
  if (form.skip.size) config.skip_phases = PHASES.filter((p) => form.skip.has(p));
  if (form.force.size) config.force_phases = PHASES.filter((p) => form.force.has(p));
  const models = Object.fromEntries(Object.entries(form.models).map(([k, v]) => [k, v?.trim() ?? ""]).filter(([, v]) => v));
  if (Object.keys(models).length) config.models = models;
  if (form.synthesisMin.trim()) config.synthesis_min_items = Number(form.synthesisMin);
  if (form.synthesisMax.trim()) config.synthesis_max_items = Number(form.synthesisMax);
  if (form.xFullSync) config.x_full_sync = true;
  return config;
}

function toggle<T>(set: Set<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** Start a run, with the options of the earlier tool's run dialog folded away. */
export function StartRunForm({ busy, onStarted }: { busy: boolean; onStarted: (id: string) => void }) {
  const start = useStartRun();
  const [mode, setMode] = useState<Mode>("full");
  const [skip, setSkip] = useState<Set<Phase>>(new Set());
  const [force, setForce] = useState<Set<Phase>>(new Set());
  const [models, setModels] = useState<Partial<Record<ModelPhase, string>>>({});
  const [synthesisMin, setSynthesisMin] = useState("");
  const [synthesisMax, setSynthesisMax] = useState("");
  const [xFullSync, setXFullSync] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const config = buildConfig({ mode, skip, force, models, synthesisMin, synthesisMax, xFullSync });
    start.mutate(config, {
      onSuccess: (run) => {
        toast.success("The agent is running.");
        onStarted(run.id);
      },
      onError: (error) => notifyError(error, "Could not start the run"),
    });
  }

  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="start-run">
      <div className="flex flex-wrap items-end gap-2">
        <h2 id="start-run" className="sr-only">Start a run</h2>
        <label className="min-w-0 flex-1 text-sm">
          <span className="mb-0.5 block font-medium">Run mode</span>
          <select className={INPUT_CLASS} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {MODES.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={busy || start.isPending}>
          {busy ? "A run is active" : "Start run"}
        </Button>
      </div>
      <Disclosure as="div" className="mt-2">
        <DisclosureButton className="text-sm text-indigo-800 underline dark:text-indigo-200">Run options</DisclosureButton>
        <DisclosurePanel className="mt-2 grid gap-3 md:grid-cols-2">
          <fieldset className="text-sm">
            <legend className="font-medium">Phases</legend>
            <table className="mt-1 w-full text-left">
              <thead><tr><th scope="col" className="font-normal">Phase</th><th scope="col" className="font-normal">Skip</th><th scope="col" className="font-normal">Redo</th></tr></thead>
              <tbody>
                {PHASES.map((p) => (
                  <tr key={p}>
                    <th scope="row" className="font-normal">{p}</th>
                    <td><input type="checkbox" aria-label={`Skip ${p}`} checked={skip.has(p)} onChange={() => setSkip(toggle(skip, p))} /></td>
                    <td><input type="checkbox" aria-label={`Redo ${p} for items done already`} checked={force.has(p)} onChange={() => setForce(toggle(force, p))} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <div className="space-y-2 text-sm">
            <fieldset>
              <legend className="font-medium">Models for this run (blank: the configured chain)</legend>
              {MODEL_PHASES.map((m) => (
                <label key={m.key} className="mt-1 flex items-center gap-2">
                  <span className="w-24 shrink-0">{m.label}</span>
                  <input className={INPUT_CLASS} placeholder="e.g. ollama:llama3.1" value={models[m.key] ?? ""} onChange={(e) => setModels({ ...models, [m.key]: e.target.value })} />
                </label>
              ))}
            </fieldset>
            <div className="flex gap-2">
              <label className="flex-1"><span className="block">Synthesis: fewest items</span>
                <input className={INPUT_CLASS} type="number" min={1} max={1000} value={synthesisMin} onChange={(e) => setSynthesisMin(e.target.value)} />
              </label>
              <label className="flex-1"><span className="block">Synthesis: most items</span>
                <input className={INPUT_CLASS} type="number" min={1} max={10000} value={synthesisMax} onChange={(e) => setSynthesisMax(e.target.value)} />
              </label>
            </div>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={xFullSync} onChange={(e) => setXFullSync(e.target.checked)} />
              Fetch every X bookmark, not only the newer ones
            </label>
          </div>
        </DisclosurePanel>
      </Disclosure>
    </form>
  );
}
