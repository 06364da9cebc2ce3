import { z } from "zod";
import { ZBookingGuestSchema } from "@/server/guests/guest-schema";
import { ZStaffBookingSchema } from "./staff-booking-schema";

/**
 * GET /api/ops/bookings/{id}: the staff booking with its history, assignment attempts, notifications, live hold,
 * and `lifecycle` — what the booking machine's context reads of it, so the dashboard evaluates the same machine
 * (staffAllowedEvents) as the clock moves (the check-in window opens without a refetch). The server's
 * `allowedEvents` stays the authority. Universal (zod only): the dashboard parses with it.
 */
export const ZStaffBookingLifecycleSchema = z.object({
  checkInLeadMinutes: z.number().int(),
  noShowUndoMinutes: z.number().int(),
  assignmentFailures: z.number().int(),
  maxAssignmentRetries: z.number().int(),
  /** When it was marked no-show (the undo window's clock); null unless it is a no-show. */
  noShowAt: z.iso.datetime().nullable(),
});

export type TStaffBookingLifecycle = z.infer<typeof ZStaffBookingLifecycleSchema>;

export const ZStaffBookingDetailSchema = ZStaffBookingSchema.extend({
  lifecycle: ZStaffBookingLifecycleSchema,
  history: z.array(
    z.object({
      version: z.number().int(),
      event: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
      reason: z.string().nullable(),
      metadata: z.record(z.string(), z.unknown()),
      at: z.iso.datetime(),
    }),
  ),
  assignmentAttempts: z.array(
    z.object({
      id: z.uuid(),
      trigger: z.string(),
      attempt: z.number().int(),
      strategy: z.string().nullable(),
      outcome: z.string(),
      reasonCode: z.string().nullable(),
      durationMs: z.number(),
      tableIds: z.array(z.uuid()),
      /** The planner's diagnostics for this attempt (rejections by rule, candidates, timings). */
      diagnostics: z.record(z.string(), z.unknown()),
      at: z.iso.datetime(),
    }),
  ),
  notifications: z.array(
    z.object({ id: z.uuid(), kind: z.string(), status: z.string(), sentAt: z.iso.datetime().nullable() }),
  ),
  activeHold: z
    .object({ id: z.uuid(), tableIds: z.array(z.uuid()), source: z.string(), expiresAt: z.iso.datetime() })
    .nullable(),
  /** The guest record the booking belongs to (by email / phone): tags, whole notes, counts; null without one. */
  guest: ZBookingGuestSchema.extend({ name: z.string(), lastVisitAt: z.iso.datetime().nullable() })
    .nullable()
    .optional(),
});

export type TStaffBookingDetail = z.infer<typeof ZStaffBookingDetailSchema>;
