/** JSON requests outside the generated client (paths not yet in the OpenAPI document). */
import { parseJson, toApiError } from "./errors";
import { API_PREFIX, apiOrigin, sessionFetch } from "./session";

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await sessionFetch(
      new Request(`${apiOrigin()}${API_PREFIX}${path}`, {
        method,
        credentials: "same-origin",
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
  } catch {
    throw toApiError(0, null);
  }
  const parsed = parseJson(await response.text());
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}
