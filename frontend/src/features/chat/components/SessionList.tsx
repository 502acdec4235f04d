import { useState } from "react";
import { NavLink, useNavigate } from "react-router";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { notifyError } from "@/lib/notify";
import { useSessionMutations, useSessions, type ChatSession } from "../api/chat";

/** Sessions: new, search, rename, archive / restore, delete. */
export function SessionList({ activeId, canWrite }: { activeId?: string | undefined; canWrite: boolean }) {
  const [archived, setArchived] = useState(false);
  const [text, setText] = useState("");
  const sessions = useSessions(archived);
  const m = useSessionMutations();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState<ChatSession | null>(null);
  const [title, setTitle] = useState("");
  const [deleting, setDeleting] = useState<ChatSession | null>(null);
  const needle = text.trim().toLowerCase();
  const shown = (sessions.data?.items ?? []).filter((s) => !needle || (s.title ?? "").toLowerCase().includes(needle));

  return (
    <nav aria-label="Chat sessions" className="flex h-full flex-col gap-2 p-2">
      {canWrite && (
        <Button
          variant="primary"
          disabled={m.create.isPending}
          onClick={() => m.create.mutate(undefined, { onSuccess: (s) => navigate(`/chat/${s.id}`), onError: (e) => notifyError(e, "Could not start a chat") })}
        >
          New chat
        </Button>
      )}
      <label>
        <span className="sr-only">Search sessions</span>
        <input type="search" placeholder="Search sessions" value={text} onChange={(e) => setText(e.target.value)} className={INPUT_CLASS} />
      </label>
      <div className="flex gap-1 text-sm" role="group" aria-label="Show">
        <Button aria-pressed={!archived} variant={archived ? "ghost" : "secondary"} onClick={() => setArchived(false)}>Active</Button>
        <Button aria-pressed={archived} variant={archived ? "secondary" : "ghost"} onClick={() => setArchived(true)}>Archived</Button>
      </div>
      {sessions.isPending ? <Skeleton lines={5} label="Loading sessions" /> : sessions.error ? <ErrorPanel error={sessions.error} onRetry={() => void sessions.refetch()} /> : (
        <ul className="min-h-0 flex-1 overflow-y-auto">
          {shown.length === 0 && <li className="p-2 text-sm text-slate-600 dark:text-slate-300">{archived ? "No archived chats." : "No chats yet: start one with New chat."}</li>}
          {shown.map((s) => (
            <li key={s.id} className="group flex items-center">
              <NavLink to={`/chat/${s.id}`} className={`min-w-0 flex-1 truncate rounded px-2 py-1.5 text-sm ${s.id === activeId ? "bg-indigo-100 font-medium dark:bg-indigo-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}>
                {s.title || "Untitled chat"} <span className="text-xs text-slate-600 dark:text-slate-300">({s.message_count})</span>
              </NavLink>
              {canWrite && (
                <span className="flex">
                  <button type="button" className="rounded px-1 text-xs hover:bg-slate-100 dark:hover:bg-slate-800" aria-label={`Rename ${s.title || "chat"}`} onClick={() => { setTitle(s.title ?? ""); setRenaming(s); }}>✎</button>
                  <button type="button" className="rounded px-1 text-xs hover:bg-slate-100 dark:hover:bg-slate-800" aria-label={`${archived ? "Restore" : "Archive"} ${s.title || "chat"}`} onClick={() => m.update.mutate({ id: s.id, is_archived: !archived }, { onError: (e) => notifyError(e) })}>{archived ? "↺" : "⤓"}</button>
                  <button type="button" className="rounded px-1 text-xs hover:bg-slate-100 dark:hover:bg-slate-800" aria-label={`Delete ${s.title || "chat"}`} onClick={() => setDeleting(s)}>✕</button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog open={!!renaming} title="Rename chat" confirmLabel="Rename" onClose={() => setRenaming(null)} onConfirm={() => {
        if (renaming && title.trim()) m.update.mutate({ id: renaming.id, title: title.trim() }, { onSuccess: () => setRenaming(null), onError: (e) => notifyError(e) });
      }}>
        <label className="block">Title<input className={INPUT_CLASS} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus /></label>
      </ConfirmDialog>
      <ConfirmDialog open={!!deleting} title="Delete this chat?" confirmLabel="Delete" danger onClose={() => setDeleting(null)} onConfirm={() => {
        if (deleting) m.remove.mutate(deleting.id, { onSuccess: () => { if (deleting.id === activeId) navigate("/chat"); setDeleting(null); }, onError: (e) => notifyError(e) });
      }}>
        “{deleting?.title || "Untitled chat"}” and all its messages are deleted for good. Archive it instead to keep it.
      </ConfirmDialog>
    </nav>
  );
}
