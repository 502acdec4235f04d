/** Toast notifications: client state in a small Zustand store. */
import { create } from "zustand";

export type ToastKind = "info" | "success" | "error";
export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  detail?: string | undefined;
}

interface ToastState {
  toasts: Toast[];
  push: (kind: ToastKind, message: string, detail?: string) => number;
  dismiss: (id: number) => void;
}

let next = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push: (kind, message, detail) => {
    const id = next++;
    set({ toasts: [...get().toasts.slice(-4), { id, kind, message, detail }] });
    if (kind !== "error") setTimeout(() => get().dismiss(id), 5000);
    return id;
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export const toast = {
  info: (message: string) => useToasts.getState().push("info", message),
  success: (message: string) => useToasts.getState().push("success", message),
  error: (message: string, detail?: string) => useToasts.getState().push("error", message, detail),
};
