"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and during hydration, true afterwards. The shell's own reads (the service list, the review
 * badge) wait for it: a query the shell created first would make React Query hydrate the page's server-prefetched
 * data for that key only in an effect, so the first paint would show a skeleton despite the data being there.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
