/** Files being uploaded and their reports: client state (Zustand). */
import { create } from "zustand";
import type { ImportReport } from "../api/sources";

export interface Upload {
  id: number;
  name: string;
  size: number;
  progress: number;
  status: "uploading" | "done" | "failed";
  report?: ImportReport;
  error?: string;
  requestId?: string | null;
}

interface UploadState {
  uploads: Upload[];
  add: (file: File) => number;
  patch: (id: number, changes: Partial<Upload>) => void;
  clearFinished: () => void;
}

let next = 1;
export const useUploads = create<UploadState>((set, get) => ({
  uploads: [],
  add: (file) => {
    const id = next++;
    set({ uploads: [...get().uploads, { id, name: file.name, size: file.size, progress: 0, status: "uploading" }] });
    return id;
  },
  patch: (id, changes) => set({ uploads: get().uploads.map((u) => (u.id === id ? { ...u, ...changes } : u)) }),
  clearFinished: () => set({ uploads: get().uploads.filter((u) => u.status === "uploading") }),
}));
