import { z } from "zod";
import { zStartsAt, zText } from "@/server/validation/z-text";
import { type TStaffBookingResponse, ZStaffBookingSchema } from "./staff-booking-schema";

/** PATCH /api/ops/bookings/{id}: request and answer. Universal (zod only): the booking drawer parses with them. */

/** Time and party can change until the party is seated; notes always (the drawer offers the fields by this too). */
export const RESCHEDULABLE_STATUSES: readonly TStaffBookingResponse["status"][] = [
  "created",
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
  "manual_review",
  "assigned",
  "confirmed",
];

/** PATCH /api/ops/bookings/{id}: the version staff saw, and what changes (at least one field). */
export const ZEditBookingRequestSchema = z
  .object({
    expectedVersion: z.number().int().min(0),
    startsAt: zStartsAt.optional(),
    partySize: z.number().int().min(1).max(100).optional(),
    /** null clears the notes. */
    notes: zText({ max: 2000, multiline: true, trim: false }).nullable().optional(),
  })
  .refine((body) => body.startsAt !== undefined || body.partySize !== undefined || body.notes !== undefined, {
    message: "send at least one of startsAt, partySize, notes",
  });

export type TEditBookingRequest = z.infer<typeof ZEditBookingRequestSchema>;

export const EDIT_OUTCOMES = ["unchanged", "kept_tables", "reassigned", "manual_review"] as const;

export const ZEditBookingResponseSchema = z.object({
  /** What became of the tables: kept (they still fit, or nothing needed re-planning), re-planned, or review. */
  outcome: z.enum(EDIT_OUTCOMES),
  booking: ZStaffBookingSchema,
});

export type TEditBookingResponse = z.infer<typeof ZEditBookingResponseSchema>;
