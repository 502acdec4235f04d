import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { ListFilter, SearchMode } from "../api/types";

const MODES: SearchMode[] = ["hybrid", "fulltext", "vector"];

/** The page's state lives in the URL (shareable, survives reload and login). */
export function useKnowledgeParams() {
  const [params, setParams] = useSearchParams();
  const modeParam = params.get("mode") as SearchMode | null;
  const main = params.get("main") ?? undefined;
  const sub = params.get("sub") ?? undefined;
  const tag = params.get("tag") ?? undefined;
  // The same object while the filter is the same: memoised readers skip re-rendering.
  const filter = useMemo((): ListFilter => ({ main, sub, tag }), [main, sub, tag]);
  const state = {
    q: params.get("q") ?? "",
    mode: modeParam && MODES.includes(modeParam) ? modeParam : ("hybrid" as SearchMode),
    filter,
    source: params.get("source") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    synthesis: params.get("synthesis") === "1",
  };
  const update = useCallback(
    (changes: Record<string, string | undefined | null>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === null || value === "") next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { ...state, update, search: params.toString() };
}
