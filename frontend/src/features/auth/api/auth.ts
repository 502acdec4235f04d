import { api, unwrap, type components } from "@/lib/api/client";

export type Session = components["schemas"]["Session"];

export function login(username: string, password: string): Promise<Session> {
  return unwrap(api.POST("/api/v1/auth/login", { body: { username, password } }));
}

export function setup(setupToken: string, username: string, password: string): Promise<Session> {
  return unwrap(api.POST("/api/v1/auth/setup", { body: { setup_token: setupToken, username, password } }));
}

export async function logout(): Promise<void> {
  await unwrap(api.POST("/api/v1/auth/logout"));
}
