import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { meKey, NEW_PASSWORD_MIN_LENGTH, statusKey, useAuthStatus } from "@/lib/auth";
import { setup } from "../api/auth";
import { AuthCard, Field } from "./AuthCard";

/** First start: the one-time link printed by `kbagent serve` creates the first admin. */
export function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useAuthStatus();
  const [token, setToken] = useState(params.get("token") ?? "");
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm.length > 0 && password !== confirm;
  const mutation = useMutation({
    mutationFn: () => setup(token, username, password),
    onSuccess: (session) => {
      queryClient.setQueryData(meKey, session.user);
      queryClient.setQueryData(statusKey, { setup_required: false, auth_enabled: true });
      navigate("/", { replace: true });
    },
  });
  if (status.data && !status.data.setup_required) {
    return (
      <AuthCard title="Already set up">
        <EmptyState title="This kbagent has its first account.">
          <a className="underline" href="/login">Sign in</a> instead.
        </EmptyState>
      </AuthCard>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!mismatch) mutation.mutate();
  }

  return (
    <AuthCard title="Create the first admin">
      <form onSubmit={submit} className="space-y-3">
        {!params.get("token") && (
          <Field label="Setup token (from the link kbagent printed)" name="setup_token" required value={token} onChange={(e) => setToken(e.target.value)} />
        )}
        <Field label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={NEW_PASSWORD_MIN_LENGTH} hint={`At least ${NEW_PASSWORD_MIN_LENGTH} characters.`} value={password} onChange={(e) => setPassword(e.target.value)} />
        <Field label="Repeat password" name="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        {mismatch && <p className="text-sm text-red-700 dark:text-red-300">The passwords differ.</p>}
        {mutation.error && <ErrorPanel error={mutation.error} />}
        <Button type="submit" variant="primary" className="w-full" disabled={mutation.isPending || mismatch}>
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
