import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiError } from "@/lib/api/errors";
import { useAuthStatus, useMe } from "@/lib/auth";
import { loginPath } from "../hooks/useNextPath";

/** The signed-in part of the app: first start goes to setup, no session to login (keeping the page). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const status = useAuthStatus();
  // Asked beside the status (not after it): one round trip less before the first page.
  const me = useMe(status.data?.auth_enabled !== false && !status.data?.setup_required);
  if (status.isPending) return <Skeleton label="Starting" />;
  if (status.error) return <ErrorPanel error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data.setup_required) return <Navigate to="/setup" replace />;
  if (!status.data.auth_enabled) return <>{children}</>;
  if (me.isPending) return <Skeleton label="Checking your session" />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={loginPath(location)} replace />;
    }
    return <ErrorPanel error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <>{children}</>;
}
