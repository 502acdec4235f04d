import { useState, type FormEvent, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { useChatModels, useConfiguredChatModel } from "../api/chat";

/** The question box: Enter sends, Shift+Enter a new line; a model for this message; cancel while streaming. */
export function Composer({ busy, onSend, onCancel, defaultModel }: { busy: boolean; onSend: (text: string, model: string | null) => void; onCancel: () => void; defaultModel: string | null }) {
  const [text, setText] = useState("");
  const [model, setModel] = useState<string>("");
  const models = useChatModels();
  const configured = useConfiguredChatModel();

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || busy) return;
    onSend(text.trim(), model || null);
    setText("");
  }

  function key(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form onSubmit={submit} className="border-t border-slate-200 p-2 dark:border-slate-800">
      <label className="block">
        <span className="sr-only">Your question</span>
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={key} placeholder="Ask your knowledge base…" className={INPUT_CLASS} name="question" />
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <label className="text-xs">
          <span className="sr-only">Model for this message</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} className={`${INPUT_CLASS} max-w-48 text-xs`}>
            <option value="">{defaultModel ? `Session model (${defaultModel})` : configured.data ? `Configured model (${configured.data})` : "Configured model"}</option>
            {(models.data ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <span className="ml-auto flex gap-2">
          {busy && <Button variant="danger" onClick={onCancel}>Stop</Button>}
          <Button type="submit" variant="primary" disabled={busy || !text.trim()}>Send</Button>
        </span>
      </div>
    </form>
  );
}
