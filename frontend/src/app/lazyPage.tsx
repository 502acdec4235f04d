import { lazy, type ComponentType } from "react";

/**
 * A page in its own chunk, rendered at once when the chunk has already loaded. `lazy` alone
 * suspends on a page's first render even then (its promise settles a tick later), and React
 * keeps a shown fallback for at least 300 ms: a third of a second added to the first load of
 * a page whose chunk was fetched beside the session check.
 */
export function lazyPage(load: () => Promise<ComponentType>): { Page: ComponentType; preload: () => void } {
  let loaded: ComponentType | null = null;
  let pending: Promise<ComponentType> | null = null;
  const start = () =>
    (pending ??= load().then(
      (page) => (loaded = page),
      (error: unknown) => {
        pending = null; // a failed chunk (offline, a new deployment) is asked again next time
        throw error;
      },
    ));
  const Lazy = lazy(() => start().then((page) => ({ default: page })));
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Page, preload: () => void start().catch(() => undefined) };
}
