import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ApiError, errorMessage } from "@/lib/api/errors";
import { uploadFile } from "../api/sources";
import { useUploads } from "../stores/uploads";

/** Upload files one after another, tracking each one's progress and report. */
export function useUpload() {
  const queryClient = useQueryClient();
  const { add, patch } = useUploads();
  return useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const id = add(file);
        try {
          const report = await uploadFile(file, (progress) => patch(id, { progress }));
          patch(id, { status: "done", progress: 1, report });
        } catch (error) {
          patch(id, { status: "failed", error: errorMessage(error), requestId: error instanceof ApiError ? error.requestId : null });
        }
      }
      void queryClient.invalidateQueries({ queryKey: ["knowledge"] });
    },
    [add, patch, queryClient],
  );
}
