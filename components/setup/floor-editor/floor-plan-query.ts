import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/components/ui/api-fetch";
import { ZFloorPlanResponseSchema } from "@/server/setup/floor/floor-plan-schema";

/** Under "setup", not "ops": the live stream refreshes ops views, and must not reload a plan being edited. */
export const floorPlanKey = (restaurantId: string) => ["setup", "floor-plan", restaurantId] as const;

export const floorPlanQuery = (restaurantId: string) =>
  queryOptions({
    queryKey: floorPlanKey(restaurantId),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/restaurants/${restaurantId}/floor-plan`, ZFloorPlanResponseSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
