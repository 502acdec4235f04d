/** Bulk selection and list preferences: client state only (Zustand). */
import { create } from "zustand";
import { persist } from "zustand/middleware";

interface SelectionState {
  selected: Set<string>;
  toggle: (id: string) => void;
  setMany: (ids: string[], on: boolean) => void;
  clear: () => void;
}

export const useSelection = create<SelectionState>((set, get) => ({
  selected: new Set(),
  toggle: (id) => {
    const next = new Set(get().selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    set({ selected: next });
  },
  setMany: (ids, on) => {
    const next = new Set(get().selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    set({ selected: next });
  },
  clear: () => set({ selected: new Set() }),
}));

interface ViewPrefs {
  view: "list" | "grid";
  setView: (view: "list" | "grid") => void;
}

export const useViewPrefs = create<ViewPrefs>()(
  persist((set) => ({ view: "list", setView: (view) => set({ view }) }), { name: "kbagent.knowledge.view" }),
);
