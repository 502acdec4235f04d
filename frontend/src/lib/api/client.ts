/** The typed API client, generated from the backend's OpenAPI document (schema.d.ts). */
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { toApiError } from "./errors";
import { apiOrigin, sessionFetch } from "./session";

export const api = createClient<paths>({
  baseUrl: apiOrigin(),
  credentials: "same-origin",
  fetch: sessionFetch,
});

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a response, or the error envelope thrown as an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof Error && error.name === "AbortError") throw error;
    throw toApiError(0, null);
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

export type { paths, components } from "./schema";
