/**
 * The auth API's shapes, from the auth contract. Temporary: once the auth endpoints are in the
 * backend's OpenAPI document these come from schema.d.ts like every other type.
 */
export interface UserRead {
  id: number;
  username: string;
  role: "admin" | "editor" | "viewer";
  created_at: string;
  last_login_at: string | null;
}

export interface Session {
  user: UserRead;
  csrf_token: string;
  access_token: string;
  access_expires_at: string;
  refresh_token: string;
}

export interface AuthStatus {
  setup_required: boolean;
  auth_enabled: boolean;
}
