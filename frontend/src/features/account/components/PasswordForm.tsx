import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { TextInput } from "@/components/ui/TextInput";
import { NEW_PASSWORD_MIN_LENGTH } from "@/lib/auth";
import { toast } from "@/lib/toast";
import { useChangePassword } from "../api/account";

/** Change one's own password; the server ends the account's other sessions. */
export function PasswordForm() {
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.reset();
    if (next.length < NEW_PASSWORD_MIN_LENGTH) return setProblem(`The new password needs at least ${NEW_PASSWORD_MIN_LENGTH} characters.`);
    if (next !== repeat) return setProblem("The new password and its repetition differ.");
    setProblem(null);
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setRepeat("");
          toast.success("Password changed; your other sessions are signed out.");
        },
      },
    );
  }

  return (
    <section aria-labelledby="password-heading" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <h2 id="password-heading" className="font-semibold">Password</h2>
      <form onSubmit={submit} className="mt-2 grid gap-2 sm:max-w-sm" aria-label="Change password">
        <TextInput label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <TextInput label="New password" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        <TextInput label="Repeat the new password" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p>}
        {change.error && <ErrorPanel error={change.error} />}
        <div>
          <Button type="submit" variant="primary" disabled={change.isPending}>{change.isPending ? "Changing…" : "Change password"}</Button>
        </div>
      </form>
    </section>
  );
}
