import { z } from "zod";
import { ZBookingContractSchema } from "@/server/booking/staff-booking-schema";
import { zText } from "@/server/validation/z-text";
import { HOLD_TTL_MAX_SECONDS, HOLD_TTL_MIN_SECONDS } from "./quote-request-schema";

/**
 * /api/staff/manual and POST /api/staff/auto/confirm: what staff send and what they get back. The restaurant is
 * the booking's (checked against the caller's memberships), never a field of the request.
 */

/** More tables than any merge policy allows is a typo or an attack, not a choice. */
const MAX_SELECTED_TABLES = 12;

export const ZManualContextQuerySchema = z.object({
  bookingId: z.uuid(),
});

/** POST /api/staff/manual/validate: the tables a member of staff picked, and the context they picked them from. */
export const ZManualSelectionRequestSchema = z.object({
  bookingId: z.uuid(),
  tableIds: z.array(z.uuid()).min(1).max(MAX_SELECTED_TABLES),
  /** From GET /api/staff/manual/context; when sent and the tables changed since: 409 STALE_CONTEXT. */
  contextVersion: z.string().min(1).max(100).optional(),
});

/** POST /api/staff/manual/hold: the same, plus how long to hold and (managers only) an override of policy checks. */
export const ZManualHoldRequestSchema = ZManualSelectionRequestSchema.extend({
  /** Default: the restaurant's hold TTL (120 s unless changed), as for a quote. */
  holdTtlSeconds: z.int().min(HOLD_TTL_MIN_SECONDS).max(HOLD_TTL_MAX_SECONDS).optional(),
  override: z.object({ reason: zText({ min: 3, max: 500 }) }).optional(),
});

/** POST /api/staff/manual/confirm and POST /api/staff/auto/confirm (header `Idempotency-Key` required). */
export const ZStaffConfirmHoldRequestSchema = z.object({
  bookingId: z.uuid(),
  holdId: z.uuid(),
});

export type TManualContextQuery = z.infer<typeof ZManualContextQuerySchema>;
export type TManualSelectionRequest = z.infer<typeof ZManualSelectionRequestSchema>;
export type TManualHoldRequest = z.infer<typeof ZManualHoldRequestSchema>;
export type TStaffConfirmHoldRequest = z.infer<typeof ZStaffConfirmHoldRequestSchema>;

export const MANUAL_CHECK_NAMES = [
  "booking_state",
  "tables_found",
  "tables_active",
  "table_count",
  "mergeable",
  "zone",
  "adjacency",
  "capacity",
  "overage",
  "conflicts",
  "holds",
  "service_window",
] as const;

export const ZManualCheckSchema = z.object({
  name: z.enum(MANUAL_CHECK_NAMES),
  pass: z.boolean(),
  /** The error code a write would refuse with (null when the check passes). */
  code: z.string().nullable(),
  message: z.string(),
  hint: z.string().nullable(),
  /** A policy check a manager may override with a reason (never a conflict, a hold or the booking's state). */
  overridable: z.boolean(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const ZManualValidateResponseSchema = z.object({
  ok: z.boolean(),
  checks: z.array(ZManualCheckSchema),
  contextVersion: z.string(),
});

export const ZManualHoldResponseSchema = z.object({
  hold: z.object({ id: z.uuid(), expiresAt: z.string(), tableIds: z.array(z.uuid()) }),
  checks: z.array(ZManualCheckSchema),
  /** The policy checks this hold overrides (empty without an override). */
  overridden: z.array(z.enum(MANUAL_CHECK_NAMES)),
  contextVersion: z.string(),
});

/** DELETE /api/staff/manual/hold/{holdId}: `released: false` when someone released it at the same moment. */
export const ZReleasedHoldResponseSchema = z.object({
  holdId: z.uuid(),
  bookingId: z.uuid().optional(),
  released: z.boolean(),
});

/** The booking a manual context describes (the booking contract and the guest's name). */
export const ZContextBookingSchema = ZBookingContractSchema;

const ZContextBookingRefSchema = z.object({ bookingId: z.uuid(), reference: z.string(), guestName: z.string() });

export const ZManualContextResponseSchema = z.object({
  booking: ZContextBookingSchema,
  currentTables: z.array(z.object({ id: z.uuid(), name: z.string() })),
  activeHold: z
    .object({
      id: z.uuid(),
      expiresAt: z.string(),
      tableIds: z.array(z.uuid()),
      createdBy: z.string(),
      source: z.string(),
      override: z.record(z.string(), z.unknown()).nullable(),
    })
    .nullable(),
  tables: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      zoneId: z.uuid(),
      zoneName: z.string(),
      capacity: z.number().int(),
      minParty: z.number().int(),
      mergeable: z.boolean(),
      /** out_of_service: inactive; assigned/held: by another booking during part of the window. */
      state: z.enum(["free", "held", "assigned", "out_of_service"]),
      /** This booking's own use of the table: its assignment or its live hold. */
      thisBooking: z.enum(["assigned", "held"]).nullable(),
      assignedTo: z.array(ZContextBookingRefSchema.extend({ startsAt: z.string(), endsAt: z.string() })),
      heldBy: z.array(
        ZContextBookingRefSchema.extend({
          holdId: z.uuid(),
          createdBy: z.string(),
          staffName: z.string().nullable(),
          expiresAt: z.string(),
        }),
      ),
    }),
  ),
  adjacency: z.array(z.tuple([z.uuid(), z.uuid()])),
  contextVersion: z.string(),
});

export type TManualCheck = z.infer<typeof ZManualCheckSchema>;
export type TManualCheckName = TManualCheck["name"];
export type TManualContext = z.infer<typeof ZManualContextResponseSchema>;
