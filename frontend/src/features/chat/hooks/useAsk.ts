import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { notifyError } from "@/lib/notify";
import { cancelAnswer, chatKeys, streamAnswer } from "../api/chat";
import { useStream } from "../stores/stream";

/** Ask or retry in a session; the answer streams into the stream store, then the stored
 * messages are refetched (the store is dropped once the server has the final answer). */
export function useAsk(sessionId: string | undefined) {
  const queryClient = useQueryClient();
  const live = useStream((s) => (sessionId ? s.live[sessionId] : undefined));
  const { begin, patch, append, end } = useStream();

  const run = useCallback(
    async (request: { content: string; model?: string | null } | { retryOf: string }) => {
      if (!sessionId) return;
      const question = "content" in request ? request.content : "";
      const abort = begin(sessionId, question);
      try {
        const stream = streamAnswer("retryOf" in request ? request : { sessionId, ...request }, abort.signal);
        for await (const { event, data } of stream) {
          if (event === "chat.typing") patch(sessionId, { messageId: String(data["message_id"] ?? ""), phase: "typing" });
          else if (event === "chat.token") append(sessionId, String(data["text"] ?? ""));
          else if (event === "chat.replaced") patch(sessionId, { text: String(data["text"] ?? "") });
        }
      } catch (error) {
        if (!(error instanceof DOMException && error.name === "AbortError")) notifyError(error, "The answer failed");
      } finally {
        await queryClient.invalidateQueries({ queryKey: chatKeys.messages(sessionId) });
        void queryClient.invalidateQueries({ queryKey: ["chat", "sessions"] });
        end(sessionId);
      }
    },
    [sessionId, begin, patch, append, end, queryClient],
  );

  const cancel = useCallback(async () => {
    if (!sessionId) return;
    const current = useStream.getState().live[sessionId];
    if (!current) return;
    try {
      if (current.messageId) await cancelAnswer(current.messageId);
      else current.abort.abort();
    } catch {
      current.abort.abort(); // it had already ended, or the server lost it: stop reading anyway
    }
  }, [sessionId]);

  return { live, ask: run, cancel };
}
