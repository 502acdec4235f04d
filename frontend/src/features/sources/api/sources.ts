import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";
import { parseJson, toApiError } from "@/lib/api/errors";
import { apiOrigin, API_PREFIX, refreshSession, sessionLost, withCsrfHeaders } from "@/lib/api/session";

export type ImportReport = components["schemas"]["ImportReport"];
export type UrlsQueued = components["schemas"]["UrlsQueued"];
export type Run = components["schemas"]["RunRead"];

export function useAddUrls() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (urls: string[]) => unwrap(api.POST("/api/v1/content/urls", { body: { urls } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["runs"] }),
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agent/start", { body: { mode: "full" } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["runs"] }),
  });
}

export function useRecentRuns() {
  return useQuery({
    queryKey: ["runs", "recent"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/agent/history", { params: { query: { limit: 5 } }, signal })),
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => ["pending", "running"].includes(r.status)) ? 3000 : false,
  });
}

function send(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${apiOrigin()}${API_PREFIX}/content/import`);
    xhr.withCredentials = true;
    for (const [key, value] of Object.entries(withCsrfHeaders({}))) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      resolve({ status: xhr.status, body: parseJson(xhr.responseText) });
    };
    xhr.onerror = () => reject(toApiError(0, null));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/** Upload one file with progress (XMLHttpRequest: fetch reports no upload progress). */
export async function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportReport> {
  let result = await send(file, onProgress, signal);
  const code = (result.body as { error_code?: string } | null)?.error_code;
  if (result.status === 401 && code === "session_expired" && (await refreshSession())) {
    result = await send(file, onProgress, signal);
  }
  if (result.status === 401) sessionLost();
  if (result.status < 200 || result.status >= 300) throw toApiError(result.status, result.body);
  return result.body as ImportReport;
}

export function useXConnection() {
  return useQuery({
    queryKey: ["sources", "x"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sources/x/connection", { signal })),
  });
}

export async function connectX(): Promise<void> {
  const auth = await unwrap(api.GET("/api/v1/sources/x/authorize"));
  window.location.assign(auth.authorize_url);
}

export function useXSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/sources/x/sync")),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["runs"] });
      void queryClient.invalidateQueries({ queryKey: ["sources", "x"] });
    },
  });
}
