import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * POST /api/ops/assign-all and GET /api/ops/assign-all/{runId}: a run of the auto-assigner over every booking of
 * a restaurant-day still waiting for tables. Universal so the dashboard parses with the same schemas.
 */
export const ZStartAssignAllRequestSchema = z.object({
  restaurantId: z.uuid({ message: "must be a restaurant id (uuid)" }),
  /** The restaurant-local service date. */
  date: zServiceDate,
});
export type TStartAssignAllRequest = z.infer<typeof ZStartAssignAllRequestSchema>;

export const ZStartAssignAllResponseSchema = z.object({ runId: z.uuid() });
export type TStartAssignAllResponse = z.infer<typeof ZStartAssignAllResponseSchema>;

/**
 * A run's progress, read from its bookings' statuses now: `assigned` placed on tables (or already seated, done),
 * `review` sent to manual review (no plan fits: the review queue says why), `pending` still waiting for tables
 * (a transient failure: their own assignment job retries them), `other` cancelled or no-show meanwhile.
 * `status` is "done" once the run's job has been through every booking.
 */
export const ZAssignAllRunResponseSchema = z.object({
  runId: z.uuid(),
  restaurantId: z.uuid(),
  date: z.iso.date(),
  status: z.enum(["running", "done"]),
  total: z.number().int(),
  assigned: z.number().int(),
  review: z.number().int(),
  pending: z.number().int(),
  other: z.number().int(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
});
export type TAssignAllRunResponse = z.infer<typeof ZAssignAllRunResponseSchema>;
