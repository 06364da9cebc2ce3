import { z } from "zod";
import { BOOKING_STATUSES } from "@/server/infra/db/schema";
import { zText } from "@/server/validation/z-text";
import { STAFF_EVENT_NAMES } from "./staff-booking-events";

/**
 * The staff booking object and the requests of the staff booking routes that act on one booking (transitions,
 * unassign a table). Universal (zod only) so the dashboard parses with the same schemas.
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

/**
 * The booking object of every staff response (ops lists, detail, edits, walk-ins): the booking contract (id,
 * reference, status, version, startsAt, endsAt, partySize, tables) plus guest contact, channel, notes, the review
 * reason, and `allowedEvents` — what this member of staff may send now (role and machine guards both applied),
 * by the names POST /api/ops/bookings/{id}/transitions accepts. The ONE staff booking object: every staff route
 * answers with it, and a 409 STALE_VERSION carries it as `current`.
 */
export const ZStaffBookingSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(BOOKING_STATUSES),
  version: z.number().int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  partySize: z.number().int(),
  tables: z.array(z.object({ id: z.uuid(), name: z.string() })),
  guestName: z.string(),
  guestEmail: z.string().nullable(),
  guestPhone: z.string().nullable(),
  source: z.enum(["online", "phone", "walk_in", "ops"]),
  notes: z.string().nullable(),
  reviewReason: z.string().nullable(),
  allowedEvents: z.array(z.enum(STAFF_EVENT_NAMES)),
});

export type TStaffBookingResponse = z.infer<typeof ZStaffBookingSchema>;

/** The booking contract alone (what every booking object carries) and the guest's name. */
export const ZBookingContractSchema = ZStaffBookingSchema.pick({
  id: true,
  reference: true,
  status: true,
  version: true,
  startsAt: true,
  endsAt: true,
  partySize: true,
  tables: true,
  guestName: true,
});
