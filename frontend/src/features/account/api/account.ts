import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type ApiKeyRead = components["schemas"]["ApiKeyRead"];
export type ApiKeyCreate = components["schemas"]["ApiKeyCreate"];
export type ApiKeyCreated = components["schemas"]["ApiKeyCreated"];

const keysKey = ["account", "keys"] as const;

export function useMyKeys(enabled = true) {
  return useQuery({
    queryKey: keysKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/auth/keys", { signal })),
    enabled,
  });
}

export function useCreateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => unwrap(api.POST("/api/v1/auth/keys", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: number) =>
      unwrap(api.DELETE("/api/v1/auth/keys/{key_id}", { params: { path: { key_id: keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: components["schemas"]["PasswordChange"]) =>
      unwrap(api.POST("/api/v1/auth/password", { body })),
  });
}
