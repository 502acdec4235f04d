import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type SettingInfo = components["schemas"]["SettingInfo"];
export type SettingsUpdate = components["schemas"]["SettingsUpdate"];
export type ConnectionTest = components["schemas"]["ConnectionTest"];
export type BackendName = "local" | "ollama" | "openai";

const settingsKey = ["settings"] as const;

/** As the client delivers it (tuples arrive as arrays). */
export type SettingsRead = NonNullable<ReturnType<typeof useSettings>["data"]>;

export function useSettings(enabled: boolean) {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/settings", { signal })),
    enabled,
  });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsUpdate) => unwrap(api.PUT("/api/v1/settings", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      // Model routes may have changed: the chat page's picker names the configured chat model.
      void queryClient.invalidateQueries({ queryKey: ["chat", "models"] });
    },
  });
}

export function useTestBackend() {
  return useMutation({
    mutationFn: ({ backend, body }: { backend: BackendName; body?: SettingsUpdate }) =>
      unwrap(api.POST("/api/v1/settings/backends/{backend}/test", { params: { path: { backend } }, body: body ?? {} })),
  });
}

export type ReportedModel = components["schemas"]["ModelRead"];

/** The models every configured backend reports (the same lists "test connection" shows). */
export function useModelCatalogue() {
  return useQuery({
    queryKey: ["settings", "models"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/system/models", { signal })),
    staleTime: 60_000,
  });
}
