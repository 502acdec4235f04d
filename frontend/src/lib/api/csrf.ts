/** The CSRF token the backend set in the readable `kbagent_csrf` cookie. */
export const CSRF_COOKIE = "kbagent_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function needsCsrf(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

export function csrfToken(): string | null {
  return readCookie(CSRF_COOKIE);
}
