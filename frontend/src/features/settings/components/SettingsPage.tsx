import { Tab, TabGroup, TabList, TabPanel, TabPanels } from "@headlessui/react";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { useCan } from "@/lib/auth";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useModelCatalogue, useSaveSettings, useSettings, useTestBackend, type BackendName, type ConnectionTest, type ReportedModel, type SettingInfo, type SettingsRead } from "../api/settings";
import { CHOICES, DraftError, fromRaw, kindOf, toRaw, type Raw } from "./draft";
import { settingLabel } from "./labels";
import { chainOf, modelsFor, withFirst } from "./models";
import { UsersSection } from "./UsersSection";

const GROUPS: { key: SettingInfo["group"]; title: string; hint: string }[] = [
  { key: "ai_backends", title: "AI backends", hint: "Where models run: Ollama, or any OpenAI-compatible server." },
  { key: "models", title: "Models per phase", hint: "A chain per phase, e.g. ollama:qwen2.5,openai:gpt-4o-mini (the first that answers is used)." },
  { key: "processing", title: "Processing", hint: "Synthesis sizes, category similarity, vault sync and fetch limits." },
  { key: "retention", title: "Retention and backups", hint: "What pruning keeps (run logs, AI usage, item versions) and when a backup is taken." },
  { key: "x_app", title: "X app", hint: "The app credentials used to connect X bookmarks." },
];
const SOURCE_LABEL = { default: "default", environment: "from the environment", database: "set here" } as const;

function ModelPicker({ id, name, raw, models, onChange, disabled }: {
  id: string; name: string; raw: string; models: string[]; onChange: (raw: Raw) => void; disabled: boolean;
}) {
  const first = chainOf(raw)[0] ?? "";
  const known = models.includes(first);
  return (
    <select id={`${id}-pick`} aria-label={`${settingLabel(name)}: pick a reported model`} className={`${INPUT_CLASS} mb-1`} value={known ? first : ""}
      onChange={(e) => e.target.value && onChange(withFirst(raw, e.target.value))} disabled={disabled || models.length === 0}>
      <option value="">{models.length === 0 ? "No models reported: test a connection, or type below" : known ? "" : first ? `${first} (typed; not reported)` : "Pick a reported model"}</option>
      {models.map((m) => <option key={m} value={m}>{m}</option>)}
    </select>
  );
}

function Field({ info, value, raw, onChange, reset, onReset, models }: {
  info: SettingInfo; value: unknown; raw: Raw; onChange: (raw: Raw) => void; reset: boolean; onReset: (on: boolean) => void;
  /** The reported models this setting may pick from (model chains only). */
  models?: string[];
}) {
  const kind = kindOf(info.name, value, info.secret);
  const id = `setting-${info.name}`;
  const hint = `${info.description ?? ""} (${info.environment_variable}; ${SOURCE_LABEL[info.source]}${info.updated_by ? ` by ${info.updated_by}` : ""})`;
  return (
    <div className="py-2" data-setting={info.name} data-source={info.source}>
      {kind === "boolean" ? (
        <label className="flex items-center gap-2 text-sm font-medium">
          <input id={id} type="checkbox" checked={raw === true} onChange={(e) => onChange(e.target.checked)} disabled={reset} />
          {settingLabel(info.name)}
        </label>
      ) : (
        <>
          <label htmlFor={id} className="block text-sm font-medium">{settingLabel(info.name)}</label>
          {models && <ModelPicker id={id} name={info.name} raw={String(raw)} models={models} onChange={onChange} disabled={reset} />}
          {kind === "choice" ? (
            <select id={id} className={INPUT_CLASS} value={String(raw)} onChange={(e) => onChange(e.target.value)} disabled={reset}>
              {CHOICES[info.name]!.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          ) : kind === "json" ? (
            <textarea id={id} className={`${INPUT_CLASS} font-mono`} rows={3} value={String(raw)} onChange={(e) => onChange(e.target.value)} disabled={reset} />
          ) : (
            <input
              id={id}
              className={INPUT_CLASS}
              type={kind === "secret" ? "password" : kind === "number" ? "number" : "text"}
              step={kind === "number" ? "any" : undefined}
              autoComplete={kind === "secret" ? "new-password" : "off"}
              placeholder={kind === "secret" ? (value ? `${String(value)} (leave blank to keep)` : "not set") : undefined}
              value={String(raw)}
              onChange={(e) => onChange(e.target.value)}
              disabled={reset}
            />
          )}
        </>
      )}
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-300">{hint}</p>
      {info.source === "database" && (
        <label className="mt-0.5 flex items-center gap-1 text-xs">
          <input type="checkbox" checked={reset} onChange={(e) => onReset(e.target.checked)} />
          Back to the environment&apos;s value
        </label>
      )}
    </div>
  );
}

const BACKEND_LABEL: Record<BackendName, string> = { local: "built-in models", ollama: "Ollama", openai: "OpenAI-compatible" };

function Connection({ backend, onModels }: { backend: BackendName; onModels: (models: ReportedModel[]) => void }) {
  const test = useTestBackend();
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const done = (found: ConnectionTest) => {
    setResult(found);
    onModels(found.models);
  };
  return (
    <div className="mt-2 rounded-md bg-slate-50 p-2 text-sm dark:bg-slate-900">
      <Button onClick={() => test.mutate({ backend }, { onSuccess: done, onError: (e) => notifyError(e, `Could not test ${backend}`) })} disabled={test.isPending}>
        {test.isPending ? "Testing…" : `Test ${BACKEND_LABEL[backend]} connection`}
      </Button>
      {result && (
        <div className="mt-1" data-testid={`connection-${backend}`} data-status={result.status} aria-live="polite">
          <p><strong>{result.status}</strong>{result.latency_ms != null && ` in ${result.latency_ms.toFixed(0)} ms`}{result.detail && `: ${result.detail}`}</p>
          {result.models.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {result.models.map((m) => <li key={m.name}>{m.name}: {m.capabilities.join(", ") || "no known capability"}{m.context_window ? `, ${m.context_window.toLocaleString("en-US")} tokens` : ""}</li>)}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function SettingsForm({ data }: { data: SettingsRead }) {
  const save = useSaveSettings();
  const values = data.values as Record<string, unknown>;
  const [draft, setDraft] = useState<Record<string, Raw>>({});
  const [reset, setReset] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  // What the backends report: the configured ones on load, and each connection tested here.
  const catalogue = useModelCatalogue();
  const [tested, setTested] = useState<Record<string, ReportedModel[]>>({});
  const reported = [...(catalogue.data?.backends.flatMap((b) => b.models) ?? []), ...Object.values(tested).flat()];
  const routes = new Set(data.fields.filter((f) => f.group === "models" && f.name.startsWith("model_") && f.name !== "model_prices").map((f) => f.name));
  const rawOf = (info: SettingInfo) => draft[info.name] ?? toRaw(kindOf(info.name, values[info.name], info.secret), values[info.name]);
  const changed = Object.keys(draft).length + reset.size;

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const body: Record<string, unknown> = {};
    try {
      for (const [name, raw] of Object.entries(draft)) {
        const info = data.fields.find((f) => f.name === name)!;
        if (info.secret && raw === "") continue; // blank keeps the secret
        body[name] = fromRaw(name, kindOf(name, values[name], info.secret), raw);
      }
    } catch (error) {
      if (error instanceof DraftError) {
        setProblem(error.message);
        return;
      }
      throw error;
    }
    if (reset.size) body["reset"] = [...reset];
    save.mutate(body, {
      onSuccess: () => {
        setDraft({});
        setReset(new Set());
        toast.success("Settings saved; every process uses them within seconds.");
      },
      onError: (error) => notifyError(error, "Settings not saved"),
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Settings">
      {GROUPS.map((g) => (
        <fieldset key={g.key} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 font-semibold">{g.title}</legend>
          <p className="text-sm text-slate-600 dark:text-slate-300">{g.hint}</p>
          <div className="divide-y divide-slate-100 dark:divide-slate-800">
            {data.fields.filter((f) => f.group === g.key).map((info) => (
              <Field key={info.name} info={info} value={values[info.name]} raw={rawOf(info)}
                onChange={(raw) => setDraft({ ...draft, [info.name]: raw })}
                reset={reset.has(info.name)}
                models={routes.has(info.name) ? modelsFor(info.name, reported) : undefined}
                onReset={(on) => { const next = new Set(reset); if (on) next.add(info.name); else next.delete(info.name); setReset(next); }} />
            ))}
          </div>
          {g.key === "ai_backends" && (["ollama", "openai"] as const).map((b) => <Connection key={b} backend={b} onModels={(found) => setTested({ ...tested, [b]: found })} />)}
        </fieldset>
      ))}
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p>}
      {save.error && <ErrorPanel error={save.error} />}
      <div className="sticky bottom-0 flex items-center gap-2 border-t border-slate-200 bg-white py-2 dark:border-slate-800 dark:bg-slate-950">
        <Button type="submit" variant="primary" disabled={!changed || save.isPending}>Save {changed ? `${changed} change${changed === 1 ? "" : "s"}` : "changes"}</Button>
        <Button disabled={!changed} onClick={() => { setDraft({}); setReset(new Set()); setProblem(null); }}>Discard</Button>
        <span className="ml-auto text-xs text-slate-600 dark:text-slate-300">Version {data.version}</span>
      </div>
    </form>
  );
}

/** Admins change the AI backends, models, processing and X app settings without a restart,
 * and manage the users. */
const TABS = ["configuration", "users"] as const;
const TAB_CLASS =
  "rounded-md px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 data-hover:bg-slate-100 data-selected:bg-indigo-100 data-selected:font-medium data-selected:text-indigo-900 dark:data-hover:bg-slate-800 dark:data-selected:bg-indigo-900 dark:data-selected:text-indigo-50";

function Configuration() {
  const settings = useSettings(true);
  if (settings.isPending) return <Skeleton lines={10} label="Loading settings" />;
  if (settings.error) return <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm data={settings.data} />;
}

export function SettingsPage() {
  const isAdmin = useCan("admin");
  const [params, setParams] = useSearchParams();
  const tab = Math.max(0, TABS.indexOf(params.get("tab") as (typeof TABS)[number]));
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl p-3">
        <h1 className="mb-2 text-xl font-semibold">Settings</h1>
        {!isAdmin ? (
          <EmptyState title="Settings are for admins">Ask an admin to change models, backends or limits.</EmptyState>
        ) : (
          <TabGroup selectedIndex={tab} onChange={(i) => setParams(i ? { tab: TABS[i]! } : {}, { replace: true })}>
            <TabList aria-label="Settings sections" className="mb-3 flex gap-1 border-b border-slate-200 pb-2 dark:border-slate-800">
              <Tab className={TAB_CLASS}>Configuration</Tab>
              <Tab className={TAB_CLASS}>Users</Tab>
            </TabList>
            <TabPanels>
              {/* Kept mounted: a half-edited form survives a look at the users. */}
              <TabPanel unmount={false}><Configuration /></TabPanel>
              <TabPanel><UsersSection /></TabPanel>
            </TabPanels>
          </TabGroup>
        )}
      </div>
    </div>
  );
}
