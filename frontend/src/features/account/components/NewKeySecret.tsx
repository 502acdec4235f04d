import { useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import type { ApiKeyCreated } from "../api/account";

/** A new key's secret, shown this once (the server keeps only its hash). */
export function NewKeySecret({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // No clipboard (a plain-http origin, a denied permission): select it for Ctrl+C instead.
      input.current?.select();
      setCopied("select");
    }
  }

  return (
    <div role="status" data-testid="new-key" className="mt-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <p className="font-medium">Key &ldquo;{created.key.name}&rdquo; created. Copy it now: you will not see it again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label htmlFor="new-key-secret" className="sr-only">Secret of the new key</label>
        <input
          ref={input}
          id="new-key-secret"
          readOnly
          value={created.secret}
          onFocus={(e) => e.target.select()}
          className={`${INPUT_CLASS} min-w-0 flex-1 font-mono text-slate-900 dark:text-slate-100`}
        />
        <Button onClick={() => void copy()}>{copied === "yes" ? "Copied" : "Copy"}</Button>
        <Button variant="ghost" onClick={onDone}>Done</Button>
      </div>
      {copied === "select" && <p className="mt-1 text-xs">The browser refused the clipboard; the key is selected, press Ctrl+C.</p>}
      <p className="mt-1 text-xs">Send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
    </div>
  );
}
