import { queryOptions } from "@tanstack/react-query";
import { ZInsightsResponseSchema } from "@/server/insights/insights-schema";
import { apiFetch } from "../ui/api-fetch";

/** Under ["ops", restaurantId] like every ops read. */
export const insightsKey = (restaurantId: string, from: string, to: string) =>
  ["ops", restaurantId, "insights", from, to] as const;

export const insightsQuery = (restaurantId: string, from: string, to: string) =>
  queryOptions({
    queryKey: insightsKey(restaurantId, from, to),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/insights?${new URLSearchParams({ restaurantId, from, to })}`, ZInsightsResponseSchema, {
        signal,
      }),
    staleTime: 60_000,
  });
