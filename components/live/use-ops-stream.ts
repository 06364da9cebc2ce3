"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { opsKeys } from "../ops/queries";

export type TLiveState = "connecting" | "live" | "reconnecting";

/** Day reads keyed by their date (`["ops", id, kind, date]`). */
const DAY_READS = new Set(["availability", "review"]);

/**
 * The stream carries this day's changes only: the other days' reads (the heatmap's week strip holds six) stay as
 * they are; bookings, lists and details (which may span days) are refreshed.
 */
export const ofThisDay =
  (date: string) =>
  ({ queryKey }: { queryKey: readonly unknown[] }) =>
    !DAY_READS.has(String(queryKey[2])) || queryKey[3] === date;

/**
 * One EventSource per open restaurant-day (GET /api/ops/stream): every booking, hold or allocation change of that
 * day — by anyone, on any instance — refreshes the restaurant's queries, batched over 100 ms so a burst (a merge
 * writes several allocations) is one refetch. EventSource reconnects by itself with Last-Event-ID; the state
 * drives the top bar's live dot.
 */
export function useOpsStream(restaurantId: string, date: string): TLiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<TLiveState>("connecting");
  // Bumped to open a new EventSource after the browser gave up on one (an HTTP error closes it for good).
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-opens the stream after a closed one
  useEffect(() => {
    setState("connecting");
    const source = new EventSource(`/api/ops/stream?${new URLSearchParams({ restaurantId, date })}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId), predicate: ofThisDay(date) });
      }, 100);
    };
    source.onopen = () => {
      setState("live");
      // Whatever happened while the stream was down: read it now.
      refresh();
    };
    let retry: ReturnType<typeof setTimeout> | undefined;
    source.onerror = () => {
      setState("reconnecting");
      // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED (an HTTP error such as a restart's
      // 503): it never will, so open a new one in 3 s.
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(() => setAttempt((n) => n + 1), 3_000);
    };
    // `optimizer`: an optimizer run of the day changed status (the Optimizer page follows its progress).
    for (const name of ["booking", "hold", "allocation", "optimizer"]) source.addEventListener(name, refresh);
    return () => {
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      source.close();
    };
  }, [queryClient, restaurantId, date, attempt]);

  return state;
}
