import { z } from "zod";
import { ZBookableTimesQuerySchema } from "@/server/availability/bookable-times-schema";
import { ZBookingContractSchema, ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { ZTablePlanSchema } from "./table-plan-schema";

/** GET /api/ops/review: one restaurant-day (the restaurant's local date, as availability reads it). */
export const ZReviewQueueQuerySchema = z.object({
  restaurantId: z.uuid(),
  date: ZBookableTimesQuerySchema.shape.date,
});

export type TReviewQueueQuery = z.infer<typeof ZReviewQueueQuerySchema>;

/**
 * A booking waiting for staff: the booking, why it is here (the code stored when it went to review, and a
 * sentence from it and the last assignment attempt's diagnostics), up to 3 plans the planner suggests now, and,
 * when no plan fits at its time, up to 4 nearest start times (instants) at which one does (to offer on the phone).
 */
export const ZReviewItemSchema = z.object({
  booking: ZBookingContractSchema,
  reason: z.object({ code: z.string().nullable(), message: z.string() }),
  suggestions: z.array(ZTablePlanSchema).max(3),
  // Defaults to none when absent, so a client reading an answer from a server without the field still parses.
  nextTimes: z
    .array(z.iso.datetime({ offset: true }))
    .max(4)
    .default([]),
});

export const ZReviewQueueResponseSchema = z.object({
  restaurantId: z.uuid(),
  date: z.string(),
  items: z.array(ZReviewItemSchema),
  /** When a booking of that day last left review (accepted, re-queued or cancelled); null if none ever did. */
  lastResolvedAt: z.iso.datetime({ offset: true }).nullable().default(null),
});

export type TReviewItem = z.infer<typeof ZReviewItemSchema>;
export type TReviewQueueResponse = z.infer<typeof ZReviewQueueResponseSchema>;

/** POST /api/ops/review/{bookingId}/accept: the plan's tables and the booking version the manager saw. */
export const ZAcceptReviewRequestSchema = z.object({
  planTableIds: z.array(z.uuid()).min(1).max(12),
  expectedVersion: z.int({ message: "must be the booking's version (an integer)" }).min(0).max(2_147_483_647),
});

export type TAcceptReviewRequest = z.infer<typeof ZAcceptReviewRequestSchema>;

/** The accepted booking as staff responses show it: the contract with its new tables, status and version. */
export const ZAcceptReviewResponseSchema = ZStaffBookingSchema;
