import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/** GET /api/ops/stream: the restaurant-day whose live changes a dashboard follows. */
export const ZOpsStreamQuerySchema = z.object({
  restaurantId: z.uuid(),
  /** The local service date (YYYY-MM-DD, in the restaurant's time zone). */
  date: zServiceDate,
});
export type TOpsStreamQuery = z.infer<typeof ZOpsStreamQuerySchema>;

/** The data of each `booking`, `hold` and `allocation` event (the SSE `id:` line repeats `id`). */
export const ZOpsStreamEventSchema = z.object({
  id: z.number().int().positive(),
  restaurantId: z.uuid(),
  bookingId: z.uuid().optional(),
  version: z.number().int().nonnegative().optional(),
  change: z.string(),
});
