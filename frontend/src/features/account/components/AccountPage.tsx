import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useAuthStatus, useMe } from "@/lib/auth";
import { ApiKeys } from "./ApiKeys";
import { PasswordForm } from "./PasswordForm";

/** The signed-in user's own account: password and API keys. */
export function AccountPage() {
  const status = useAuthStatus();
  const enabled = status.data?.auth_enabled !== false;
  const me = useMe(enabled);
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-3 p-3">
        <h1 className="text-xl font-semibold">Account</h1>
        {!enabled ? (
          <EmptyState title="Authentication is off">This server runs without accounts, so there is no password or API key to manage.</EmptyState>
        ) : me.isPending ? (
          <Skeleton lines={6} label="Loading your account" />
        ) : me.error ? (
          <ErrorPanel error={me.error} onRetry={() => void me.refetch()} />
        ) : (
          <>
            <p className="text-sm">
              Signed in as <strong>{me.data.username}</strong> ({me.data.role}); last sign-in{" "}
              {me.data.last_login_at ? new Date(me.data.last_login_at).toLocaleString() : "unknown"}.
            </p>
            <PasswordForm />
            <ApiKeys me={me.data} />
          </>
        )}
      </div>
    </div>
  );
}
