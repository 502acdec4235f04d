import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate } from "react-router";
import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { meKey, useAuthStatus } from "@/lib/auth";
import { login } from "../api/auth";
import { useNextPath } from "../hooks/useNextPath";
import { AuthCard, Field } from "./AuthCard";

export function LoginPage() {
  const navigate = useNavigate();
  const next = useNextPath();
  const queryClient = useQueryClient();
  const status = useAuthStatus();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const mutation = useMutation({
    mutationFn: () => login(username, password),
    onSuccess: (session) => {
      queryClient.setQueryData(meKey, session.user);
      navigate(next, { replace: true });
    },
  });
  if (status.data?.setup_required) return <Navigate to="/setup" replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate();
  }

  return (
    <AuthCard title="Sign in">
      <form onSubmit={submit} className="space-y-3">
        <Field label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {mutation.error && <ErrorPanel error={mutation.error} />}
        <Button type="submit" variant="primary" className="w-full" disabled={mutation.isPending}>
          {mutation.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </AuthCard>
  );
}
