import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { INPUT_CLASS, TextInput } from "@/components/ui/TextInput";
import { NEW_PASSWORD_MIN_LENGTH, useMe, type Role } from "@/lib/auth";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers, type UserRead } from "../api/users";

const ROLES: Role[] = ["viewer", "editor", "admin"];
const when = (at: string | null) => (at ? new Date(at).toLocaleString() : "never");

function CreateUserForm() {
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ username: username.trim(), password, role }, {
      onSuccess: (made) => {
        setUsername("");
        setPassword("");
        toast.success(`User ${made.username} created.`);
      },
    });
  }

  return (
    <form onSubmit={submit} aria-label="New user" className="mt-2 flex flex-wrap items-end gap-2">
      <TextInput label="Username" className="min-w-36 flex-1" required maxLength={64} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
      <TextInput label="Password" className="min-w-36 flex-1" type="password" required minLength={NEW_PASSWORD_MIN_LENGTH} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <div>
        <label htmlFor="new-user-role" className="block text-sm font-medium">Role</label>
        <select id="new-user-role" className={INPUT_CLASS} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </div>
      <Button type="submit" variant="primary" disabled={create.isPending}>Create user</Button>
      <p className="w-full text-xs text-slate-600 dark:text-slate-300">Usernames: letters, digits and <code>_ . @ -</code>. Passwords: at least {NEW_PASSWORD_MIN_LENGTH} characters.</p>
      {create.error && <div className="w-full"><ErrorPanel error={create.error} /></div>}
    </form>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserRead | null; onClose: () => void }) {
  const update = useUpdateUser();
  const [password, setPassword] = useState("");
  const close = () => {
    setPassword("");
    update.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={user !== null}
      title={`New password for ${user?.username ?? ""}`}
      confirmLabel="Set password"
      busy={update.isPending || password.length < NEW_PASSWORD_MIN_LENGTH}
      onConfirm={() => user && update.mutate({ id: user.id, body: { password } }, {
        onSuccess: () => {
          toast.success(`Password of ${user.username} set; their sessions are signed out.`);
          close();
        },
      })}
      onClose={close}
    >
      <TextInput label="New password" type="password" autoComplete="new-password" minLength={NEW_PASSWORD_MIN_LENGTH} value={password} onChange={(e) => setPassword(e.target.value)} />
      <p className="text-xs text-slate-600 dark:text-slate-300">At least {NEW_PASSWORD_MIN_LENGTH} characters. Tell it to them another way.</p>
      {update.error && <ErrorPanel error={update.error} />}
    </ConfirmDialog>
  );
}

function UserRow({ user, self, onReset, onDelete }: { user: UserRead; self: boolean; onReset: () => void; onDelete: () => void }) {
  const update = useUpdateUser();
  const roleId = `role-of-${user.id}`;
  return (
    <li data-user={user.username} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
      <div className="min-w-48 flex-1">
        <p className="font-medium break-words">{user.username}{self && " (you)"}</p>
        <p className="text-xs text-slate-600 dark:text-slate-300">created {when(user.created_at)} · last sign-in {when(user.last_login_at)}</p>
      </div>
      <label htmlFor={roleId} className="sr-only">Role of {user.username}</label>
      <select
        id={roleId}
        className={INPUT_CLASS.replace("w-full", "w-auto")}
        value={user.role}
        disabled={self || update.isPending}
        title={self ? "Another admin changes your role" : undefined}
        onChange={(e) => update.mutate({ id: user.id, body: { role: e.target.value as Role } }, {
          onSuccess: (saved) => toast.success(`${saved.username} is now ${saved.role}.`),
          onError: (error) => notifyError(error, "Role not changed"),
        })}
      >
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <Button onClick={onReset} aria-label={`Reset password of ${user.username}`}>Reset password</Button>
      {!self && <Button variant="danger" onClick={onDelete} aria-label={`Delete ${user.username}`}>Delete</Button>}
    </li>
  );
}

/** Admins manage who may sign in and with which role. */
export function UsersSection() {
  const users = useUsers();
  const me = useMe();
  const remove = useDeleteUser();
  const [resetting, setResetting] = useState<UserRead | null>(null);
  const [deleting, setDeleting] = useState<UserRead | null>(null);

  function confirmDelete() {
    if (!deleting) return;
    const name = deleting.username;
    remove.mutate(deleting.id, {
      onSuccess: () => toast.success(`User ${name} deleted.`),
      onError: (error) => notifyError(error, "User not deleted"),
      onSettled: () => setDeleting(null),
    });
  }

  return (
    <section aria-labelledby="users-heading" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <h2 id="users-heading" className="font-semibold">Users</h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">Viewers read and chat; editors also add and change content; admins also manage settings and users.</p>
      <CreateUserForm />
      {users.isPending ? (
        <Skeleton lines={3} label="Loading users" />
      ) : users.error ? (
        <ErrorPanel error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <ul aria-label="Users" className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {users.data.map((u) => (
            <UserRow key={u.id} user={u} self={u.id === me.data?.id} onReset={() => setResetting(u)} onDelete={() => setDeleting(u)} />
          ))}
        </ul>
      )}
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.username ?? ""}?`}
        confirmLabel="Delete user"
        danger
        busy={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        <p>They can no longer sign in, and their API keys stop working. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
