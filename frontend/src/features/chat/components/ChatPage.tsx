import { useEffect, useRef, useState } from "react";
import { useParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Markdown } from "@/components/ui/Markdown";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCan } from "@/lib/auth";
import { useChatModels, useMessages, useSessionMutations, useSessions, type Source } from "../api/chat";
import { notifyError } from "@/lib/notify";
import { useAsk } from "../hooks/useAsk";
import { CitationPanel } from "./CitationPanel";
import { Composer } from "./Composer";
import { Message } from "./Message";
import { SessionList } from "./SessionList";

export function ChatPage() {
  const { sessionId } = useParams();
  const canWrite = useCan("editor");
  const [listOpen, setListOpen] = useState(false);
  const [cited, setCited] = useState<Source | null>(null);
  const messages = useMessages(sessionId);
  const sessions = useSessions(false);
  const session = sessions.data?.items.find((s) => s.id === sessionId);
  const { live, ask, cancel } = useAsk(sessionId);
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: "end" });
  }, [messages.data?.length, live?.text]);
  useEffect(() => {
    setCited(null);
    setListOpen(false);
  }, [sessionId]);

  return (
    <div className="flex h-full">
      <aside className={`${listOpen ? "fixed inset-0 z-30 block bg-white dark:bg-slate-950" : "hidden"} w-full shrink-0 border-r border-slate-200 md:static md:block md:w-64 dark:border-slate-800`} aria-label="Sessions">
        <div className="flex justify-end p-1 md:hidden"><Button variant="ghost" onClick={() => setListOpen(false)}>Close</Button></div>
        <SessionList activeId={sessionId} canWrite={canWrite} />
      </aside>
      <section className="flex min-w-0 flex-1 flex-col" aria-label="Conversation">
        <div className="flex items-center gap-2 border-b border-slate-200 px-2 py-1 dark:border-slate-800">
          <Button variant="ghost" className="md:hidden" onClick={() => setListOpen(true)}>Sessions</Button>
          <h1 className="min-w-0 flex-1 truncate text-sm font-semibold">{session?.title || (sessionId ? "Chat" : "Chat with your knowledge base")}</h1>
          {session && canWrite && <SessionModel sessionId={session.id} model={session.model} />}
        </div>
        {!sessionId ? (
          <EmptyState title="Ask your knowledge base">
            {canWrite ? "Start a new chat: every answer cites the items it comes from, and says so when your knowledge base does not cover it." : "Open a chat from the list to read it."}
          </EmptyState>
        ) : (
          <>
            <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-3" aria-live="polite" data-testid="messages">
              {messages.isPending ? <Skeleton lines={6} label="Loading messages" /> : messages.error ? <ErrorPanel error={messages.error} onRetry={() => void messages.refetch()} /> : (
                <>
                  {messages.data.length === 0 && !live && <p className="text-sm text-slate-600 dark:text-slate-300">No messages yet: ask a question below.</p>}
                  {messages.data.map((m) => (
                    <Message key={m.id} message={m} onCite={setCited} onRetry={(id) => void ask({ retryOf: id })} canWrite={canWrite} />
                  ))}
                </>
              )}
              {live && (
                <>
                  {live.question && (
                    <div className="ml-auto max-w-[85%] rounded-lg bg-indigo-700 px-3 py-2 text-white"><p className="whitespace-pre-wrap">{live.question}</p></div>
                  )}
                  <div className="max-w-[95%] rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-700" data-testid="streaming-answer">
                    {live.text ? <Markdown source={live.text} /> : (
                      <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
                        <span className="inline-flex gap-0.5" aria-hidden="true"><span className="animate-bounce">•</span><span className="animate-bounce [animation-delay:150ms]">•</span><span className="animate-bounce [animation-delay:300ms]">•</span></span>
                        <span className="ml-1">{live.phase === "waiting" ? "Searching your knowledge base…" : "Writing…"}</span>
                      </p>
                    )}
                  </div>
                </>
              )}
              <div ref={bottom} />
            </div>
            {canWrite && <Composer busy={!!live} onSend={(content, model) => void ask({ content, model })} onCancel={() => void cancel()} defaultModel={session?.model ?? null} />}
          </>
        )}
      </section>
      {cited && <CitationPanel source={cited} onClose={() => setCited(null)} />}
    </div>
  );
}

/** The model this session answers with (each message may still choose another). */
function SessionModel({ sessionId, model }: { sessionId: string; model: string | null }) {
  const models = useChatModels();
  const { update } = useSessionMutations();
  return (
    <label className="text-xs">
      <span className="sr-only">Model for this chat</span>
      <select
        value={model ?? ""}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ id: sessionId, model: e.target.value || null }, { onError: (error) => notifyError(error, "Could not change the model") })}
        className="max-w-40 rounded-md border border-slate-300 bg-white px-1 py-1 dark:border-slate-600 dark:bg-slate-900"
      >
        <option value="">Default model</option>
        {(models.data ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
      </select>
    </label>
  );
}
