import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { hasRole, type Role, type UserRead } from "@/lib/auth";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useCreateKey, useMyKeys, useRevokeKey, type ApiKeyCreated, type ApiKeyRead } from "../api/account";
import { NewKeySecret } from "./NewKeySecret";

const ROLES: Role[] = ["viewer", "editor", "admin"];
const when = (at: string | null) => (at ? new Date(at).toLocaleString() : "never");

function CreateKeyForm({ me, onCreated }: { me: UserRead; onCreated: (created: ApiKeyCreated) => void }) {
  const create = useCreateKey();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const allowed = ROLES.filter((r) => hasRole(me, r)); // a key never gets more than its owner

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), role }, {
      onSuccess: (created) => {
        setName("");
        onCreated(created);
      },
    });
  }

  return (
    <form onSubmit={submit} aria-label="New API key" className="mt-2 flex flex-wrap items-end gap-2">
      <div className="min-w-40 flex-1">
        <label htmlFor="key-name" className="block text-sm font-medium">Key name</label>
        <input id="key-name" className={INPUT_CLASS} required maxLength={100} placeholder="e.g. backup script" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div>
        <label htmlFor="key-role" className="block text-sm font-medium">Key role</label>
        <select id="key-role" className={INPUT_CLASS} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {allowed.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </div>
      <Button type="submit" variant="primary" disabled={create.isPending || !name.trim()}>Create key</Button>
      {create.error && <div className="w-full"><ErrorPanel error={create.error} /></div>}
    </form>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKeyRead; onRevoke: () => void }) {
  const revoked = apiKey.revoked_at !== null;
  return (
    <li data-key={apiKey.name} data-revoked={revoked} className={`flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm ${revoked ? "text-slate-600 dark:text-slate-300" : ""}`}>
      <div className="min-w-48 flex-1">
        <p className="font-medium break-words">{apiKey.name} <span className="rounded bg-slate-200 px-1 text-xs font-normal text-slate-800 dark:bg-slate-700 dark:text-slate-100">{apiKey.role}</span></p>
        <p className="text-xs text-slate-600 dark:text-slate-300">
          <code>{apiKey.prefix}…</code> · created {when(apiKey.created_at)} · last used {when(apiKey.last_used_at)}
          {revoked && <> · <strong>revoked {when(apiKey.revoked_at)}</strong></>}
        </p>
      </div>
      {!revoked && <Button variant="danger" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>Revoke</Button>}
    </li>
  );
}

/** One's own API keys: for scripts and other programs, each named, role-scoped, revocable. */
export function ApiKeys({ me }: { me: UserRead }) {
  const keys = useMyKeys();
  const revoke = useRevokeKey();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRead | null>(null);

  function confirmRevoke() {
    if (!revoking) return;
    const name = revoking.name;
    revoke.mutate(revoking.id, {
      onSuccess: () => toast.success(`Key “${name}” revoked.`),
      onError: (error) => notifyError(error, "Key not revoked"),
      onSettled: () => setRevoking(null),
    });
  }

  return (
    <section aria-labelledby="keys-heading" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <h2 id="keys-heading" className="font-semibold">API keys</h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">For scripts and other programs. A key acts as you, with at most the role you give it.</p>
      <CreateKeyForm me={me} onCreated={setCreated} />
      {created && <NewKeySecret created={created} onDone={() => setCreated(null)} />}
      {keys.isPending ? (
        <Skeleton lines={2} label="Loading API keys" />
      ) : keys.error ? (
        <ErrorPanel error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">No API keys yet.</p>
      ) : (
        <ul aria-label="Your API keys" className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {keys.data.map((k) => <KeyRow key={k.id} apiKey={k} onRevoke={() => setRevoking(k)} />)}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      >
        <p>Programs using this key are refused from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
