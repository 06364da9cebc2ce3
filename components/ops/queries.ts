import { queryOptions } from "@tanstack/react-query";
import { ZOpsAvailabilityResponseSchema } from "@/server/availability/ops-availability-schema";
import { ZReviewQueueResponseSchema } from "@/server/coordinator/review-queue-schema";
import { apiFetch } from "../ui/api-fetch";

/**
 * The reads every ops view shares, as queryOptions factories. Keys start with ["ops", restaurantId] so the live
 * stream (components/live) refreshes a restaurant's views with one invalidation. Feature-only reads live in the
 * feature's own queries.ts with keys under the same prefix.
 */
export const opsKeys = {
  restaurant: (restaurantId: string) => ["ops", restaurantId] as const,
  availability: (restaurantId: string, date: string) => ["ops", restaurantId, "availability", date] as const,
  review: (restaurantId: string, date: string) => ["ops", restaurantId, "review", date] as const,
  booking: (restaurantId: string, bookingId: string) => ["ops", restaurantId, "booking", bookingId] as const,
  bookings: (restaurantId: string, params: Record<string, string>) =>
    ["ops", restaurantId, "bookings", params] as const,
};

/** The day's read model (timeline per table, unassigned tray, heatmap, floor layout): timeline, floor plan, heatmap. */
export const availabilityQuery = (restaurantId: string, date: string) =>
  queryOptions({
    queryKey: opsKeys.availability(restaurantId, date),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/availability?${new URLSearchParams({ restaurantId, date })}`, ZOpsAvailabilityResponseSchema, {
        signal,
      }),
  });

/** The day's manual-review queue (the navigation's badge and the review view). */
export const reviewQueueQuery = (restaurantId: string, date: string) =>
  queryOptions({
    queryKey: opsKeys.review(restaurantId, date),
    queryFn: ({ signal }) =>
      apiFetch(`/api/ops/review?${new URLSearchParams({ restaurantId, date })}`, ZReviewQueueResponseSchema, {
        signal,
      }),
  });
