import { queryOptions } from "@tanstack/react-query";
import { ZListOptimizerRunsResponseSchema, ZOptimizerRunResponseSchema } from "@/server/optimizer/optimizer-run-schema";
import { apiFetch } from "../ui/api-fetch";

/** Under ["ops", restaurantId] so the live stream's `optimizer` events (and every day change) refresh them. */
export const optimizerKeys = {
  runs: (restaurantId: string, date: string) => ["ops", restaurantId, "optimizer-runs", date] as const,
  run: (restaurantId: string, runId: string) => ["ops", restaurantId, "optimizer-run", runId] as const,
};

const WORKING = new Set(["queued", "running"]);
/** A fallback to the live stream while a run is being solved (a dropped stream must not freeze the progress). */
const POLL_WHILE_WORKING_MS = 1_500;

export const optimizerRunsQuery = (restaurantId: string, date: string) =>
  queryOptions({
    queryKey: optimizerKeys.runs(restaurantId, date),
    queryFn: ({ signal }) =>
      apiFetch(
        `/api/ops/optimizer/runs?${new URLSearchParams({ restaurantId, date })}`,
        ZListOptimizerRunsResponseSchema,
        { signal },
      ),
  });

export const optimizerRunQuery = (restaurantId: string, runId: string) =>
  queryOptions({
    queryKey: optimizerKeys.run(restaurantId, runId),
    queryFn: ({ signal }) => apiFetch(`/api/ops/optimizer/runs/${runId}`, ZOptimizerRunResponseSchema, { signal }),
    refetchInterval: (query) => (WORKING.has(query.state.data?.status ?? "queued") ? POLL_WHILE_WORKING_MS : false),
  });

export function isWorking(status: string | undefined): boolean {
  return status !== undefined && WORKING.has(status);
}
