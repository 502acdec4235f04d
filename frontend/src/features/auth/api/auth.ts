import type { Session } from "@/lib/api/authTypes";
import { requestJson } from "@/lib/api/plain";

export type { Session };

export function login(username: string, password: string): Promise<Session> {
  return requestJson<Session>("POST", "/auth/login", { username, password });
}

export function setup(setupToken: string, username: string, password: string): Promise<Session> {
  return requestJson<Session>("POST", "/auth/setup", { setup_token: setupToken, username, password });
}

export async function logout(): Promise<void> {
  await requestJson<null>("POST", "/auth/logout");
}
