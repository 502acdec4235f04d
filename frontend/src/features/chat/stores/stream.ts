/** The answer being streamed, per session: client state (Zustand) until it is stored. */
import { create } from "zustand";

export interface LiveAnswer {
  sessionId: string;
  question: string;
  messageId: string | null;
  text: string;
  phase: "waiting" | "typing" | "streaming";
  abort: AbortController;
}

interface StreamState {
  live: Record<string, LiveAnswer>;
  begin: (sessionId: string, question: string) => AbortController;
  patch: (sessionId: string, changes: Partial<LiveAnswer>) => void;
  append: (sessionId: string, text: string) => void;
  end: (sessionId: string) => void;
}

export const useStream = create<StreamState>((set, get) => ({
  live: {},
  begin: (sessionId, question) => {
    const abort = new AbortController();
    set({ live: { ...get().live, [sessionId]: { sessionId, question, messageId: null, text: "", phase: "waiting", abort } } });
    return abort;
  },
  patch: (sessionId, changes) => {
    const current = get().live[sessionId];
    if (current) set({ live: { ...get().live, [sessionId]: { ...current, ...changes } } });
  },
  append: (sessionId, text) => {
    const current = get().live[sessionId];
    if (current) set({ live: { ...get().live, [sessionId]: { ...current, text: current.text + text, phase: "streaming" } } });
  },
  end: (sessionId) => {
    const next = { ...get().live };
    delete next[sessionId];
    set({ live: next });
  },
}));
