import { z } from "zod";
import { zText } from "@/server/validation/z-text";
import { STAFF_EVENT_NAMES } from "./staff-booking-events";

/**
 * Requests and the booking object of the staff booking routes that act on one booking (transitions, unassign a
 * table). Universal so the dashboard parses with the same schemas.
 */

const zVersion = z.number({ message: "must be the booking's version (an integer)" }).int().min(0).max(2_147_483_647);

export const ZBookingTransitionRequestSchema = z.object({
  event: z.enum(STAFF_EVENT_NAMES, { message: `must be one of ${STAFF_EVENT_NAMES.join(", ")}` }),
  /** The version the caller saw (compare-and-set): a booking that moved since answers 409 STALE_VERSION. */
  expectedVersion: zVersion,
  /** Why (cancel, no-show, review …): stored in the booking's history; a review's reason is shown in the queue. */
  reason: zText({ min: 1, max: 500 }).optional(),
});
export type TBookingTransitionRequest = z.infer<typeof ZBookingTransitionRequestSchema>;

/** DELETE …/tables/{tableId}: the version is optional here (the row lock still serialises concurrent changes). */
export const ZUnassignTableQuerySchema = z.object({
  expectedVersion: z.coerce
    .number({ message: "must be the booking's version (an integer)" })
    .int()
    .min(0)
    .max(2_147_483_647)
    .optional(),
});
export type TUnassignTableQuery = z.infer<typeof ZUnassignTableQuerySchema>;
