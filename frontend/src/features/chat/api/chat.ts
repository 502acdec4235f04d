import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";
import { parseJson, toApiError } from "@/lib/api/errors";
import { API_PREFIX, apiOrigin, sessionFetch } from "@/lib/api/session";

export type ChatSession = components["schemas"]["SessionRead"];
export type Message = components["schemas"]["MessageRead"];
export type Source = components["schemas"]["Source"];

export const chatKeys = {
  sessions: (archived: boolean) => ["chat", "sessions", archived] as const,
  messages: (id: string) => ["chat", "messages", id] as const,
};

export function useSessions(archived: boolean) {
  return useQuery({
    queryKey: chatKeys.sessions(archived),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/chat/sessions", { params: { query: { archived, limit: 200 } }, signal })),
  });
}

export function useMessages(sessionId: string | undefined) {
  return useQuery({
    queryKey: chatKeys.messages(sessionId ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/chat/sessions/{session_id}/messages", { params: { path: { session_id: sessionId! } }, signal })),
    enabled: !!sessionId,
  });
}

type Catalogue = components["schemas"]["ModelCatalogue"];

function catalogueQuery<T>(select: (catalogue: Catalogue) => T) {
  return {
    queryKey: ["chat", "models"],
    queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET("/api/v1/system/models", { signal })),
    staleTime: 5 * 60_000,
    select,
  };
}

export function useChatModels() {
  return useQuery(catalogueQuery((catalogue) => catalogue.backends.flatMap((b) => b.by_capability["chat"] ?? [])));
}

/** The model that answers when the message and session name none: the first of the configured
 * chat chain (the server's routes, which include settings changed at run time). */
export function useConfiguredChatModel() {
  return useQuery(catalogueQuery((catalogue) => catalogue.routes["chat"]?.split(",")[0]?.trim() || null));
}

export function useSessionMutations() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["chat", "sessions"] });
  return {
    create: useMutation({
      mutationFn: (title?: string) => unwrap(api.POST("/api/v1/chat/sessions", { body: { title: title ?? null } })),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; title?: string; is_archived?: boolean; model?: string | null }) =>
        unwrap(api.PATCH("/api/v1/chat/sessions/{session_id}", { params: { path: { session_id: id } }, body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/chat/sessions/{session_id}", { params: { path: { session_id: id } } })),
      onSuccess: refresh,
    }),
  };
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Read a Server-Sent Events body as (event, JSON data) pairs. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
  const reader = body.pipeThrough(decoder).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length) yield { event, data: JSON.parse(data.join("\n")) as Record<string, unknown> };
    }
  }
}

/** Ask (or retry) and stream the answer's events; the abort signal stops reading. */
export async function* streamAnswer(
  request: { sessionId: string; content: string; model?: string | null } | { retryOf: string },
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const path =
    "retryOf" in request
      ? `/chat/messages/${encodeURIComponent(request.retryOf)}/retry?stream=true`
      : `/chat/sessions/${encodeURIComponent(request.sessionId)}/messages?stream=true`;
  const body = "retryOf" in request ? undefined : JSON.stringify({ content: request.content, model: request.model ?? null });
  const response = await sessionFetch(
    new Request(`${apiOrigin()}${API_PREFIX}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body,
      signal,
      credentials: "same-origin",
    }),
  );
  if (!response.ok || !response.body) {
    throw toApiError(response.status, parseJson(await response.text()));
  }
  yield* readEvents(response.body);
}

export function cancelAnswer(messageId: string): Promise<unknown> {
  return unwrap(api.POST("/api/v1/chat/messages/{message_id}/cancel", { params: { path: { message_id: messageId } } }));
}
