/**
 * Who is signed in, for every feature: the `/auth/me` query and the role checks the UI uses to
 * hide write controls from viewers (the server enforces the same rules).
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type components } from "./api/client";
import { ApiError } from "./api/errors";

export type UserRead = components["schemas"]["UserRead"];
type AuthStatus = components["schemas"]["AuthStatus"];
export type Role = UserRead["role"];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** The server's shortest new password (auth/schemas.py `NewPassword`); shown as a hint, the server decides. */
export const NEW_PASSWORD_MIN_LENGTH = 8;

export const meKey = ["auth", "me"] as const;
export const statusKey = ["auth", "status"] as const;

export function useAuthStatus() {
  return useQuery({
    queryKey: statusKey,
    // A backend without accounts (no /auth endpoints) is one with authentication off.
    queryFn: () =>
      unwrap(api.GET("/api/v1/auth/status")).catch((error: unknown): AuthStatus => {
        if (error instanceof ApiError && error.status === 404) return { setup_required: false, auth_enabled: false };
        throw error;
      }),
    staleTime: Infinity,
    retry: 1,
  });
}

export function useMe(enabled = true) {
  return useQuery({
    queryKey: meKey,
    queryFn: () => unwrap(api.GET("/api/v1/auth/me")),
    retry: false,
    staleTime: 60_000,
    enabled,
  });
}

export function hasRole(user: UserRead | undefined | null, role: Role): boolean {
  return !!user && RANK[user.role] >= RANK[role];
}

/** True when the signed-in user may do what `role` may (editor: write content; admin: manage).
 * With authentication switched off on the server everyone may. */
export function useCan(role: Role): boolean {
  const status = useAuthStatus();
  const { data } = useMe(status.data?.auth_enabled !== false);
  if (status.data && !status.data.auth_enabled) return true;
  return hasRole(data, role);
}
