import { z } from "zod";
import type { FieldError } from "@/server/errors/domain-error";
import { ZPlannerPolicySchema, ZStrategyWeightsSchema } from "@/server/planner/planner-config";
import { zServiceDate } from "@/server/validation/z-service-date";
import { zText } from "@/server/validation/z-text";

/**
 * A restaurant's service hours and booking rules as /ops/setup/service and its API see them. Universal: the page
 * parses the answers with these schemas and runs checkServiceSettings before it sends, so an error shows beside
 * its field at once; the server runs the same check (422 SERVICE_RULES_INVALID naming the field) — the shapes
 * below only catch what is not even the right type (400).
 *
 * Times are local wall times in the restaurant's zone, `HH:MM`. Every write carries the restaurant's rules
 * version it was based on (`expectedRulesVersion`; the planner policy: `expectedVenueVersion`): a stale one is
 * refused 409 STALE with the current settings, never silently overwritten.
 */
export const LIMITS = {
  nameMax: 40,
  bufferMinutes: { min: 0, max: 120 },
  pacing: { min: 1, max: 1000 },
  partySize: { min: 1, max: 100 },
  turnMinutes: { min: 15, max: 480 },
  turnRowsMax: 20,
  periodsMax: 12,
  horizonDays: { min: 1, max: 3650 },
  cutoffMinutes: { min: 0, max: 10080 },
  noteMax: 200,
} as const;

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time is HH:MM, e.g. 18:30");
const ZWholeNumber = z.number({ message: "must be a number" }).int({ message: "must be a whole number" });

export const ZTurnTimeSchema = z.object({ maxPartySize: ZWholeNumber, turnMinutes: ZWholeNumber });

export const ZServicePeriodInputSchema = z.object({
  /** An existing period's id; left out for a new one. */
  id: z.string().min(1).max(80).optional(),
  name: zText({ max: 200 }),
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek: z.array(ZWholeNumber).max(7),
  opensAt: ZTime,
  lastSeatingAt: ZTime,
  closesAt: ZTime,
  bufferMinutes: ZWholeNumber,
  /** Covers that may start in one slot (restaurants.slot_minutes); null: no cap. */
  pacingCoversPerSlot: ZWholeNumber.nullable(),
  /** Of which online (booking clients); null: no separate online cap. */
  pacingOnlineCoversPerSlot: ZWholeNumber.nullable(),
  active: z.boolean(),
  /** "Up to maxPartySize guests stay turnMinutes": the first row that fits the party applies. */
  turnTimes: z.array(ZTurnTimeSchema).max(50),
});

/** PUT /api/ops/restaurants/{id}/service: the weekly periods and/or the booking window, as one write. */
export const ZSaveServiceRequestSchema = z
  .object({
    expectedRulesVersion: ZWholeNumber,
    /** The whole list: a period left out is removed (refused while it has upcoming bookings). */
    periods: z.array(ZServicePeriodInputSchema).max(50).optional(),
    bookingHorizonDays: ZWholeNumber.optional(),
    bookingCutoffMinutes: ZWholeNumber.optional(),
  })
  .refine(
    (b) => b.periods !== undefined || b.bookingHorizonDays !== undefined || b.bookingCutoffMinutes !== undefined,
    { message: "send periods, bookingHorizonDays or bookingCutoffMinutes" },
  );

export const EXCEPTION_KINDS = ["closed", "special_hours"] as const;

/** POST /api/ops/restaurants/{id}/service/exceptions. */
export const ZAddServiceExceptionRequestSchema = z.object({
  expectedRulesVersion: ZWholeNumber,
  date: zServiceDate,
  /** null: the whole day (closed only); else one service (an id that is no uuid would reach the uuid column: 500). */
  servicePeriodId: z.uuid().nullable(),
  kind: z.enum(EXCEPTION_KINDS),
  opensAt: ZTime.nullable().optional(),
  lastSeatingAt: ZTime.nullable().optional(),
  closesAt: ZTime.nullable().optional(),
  note: zText({ max: 500 }).nullable().optional(),
});

/** DELETE /api/ops/restaurants/{id}/service/exceptions/{exceptionId}?expectedRulesVersion=N */
export const ZRemoveServiceExceptionQuerySchema = z.object({
  expectedRulesVersion: z.coerce.number({ message: "must be a number" }).int().optional(),
});

/** PUT /api/ops/restaurants/{id}/service/planner-policy: the planner's own schemas (server/planner). */
export const ZSavePlannerPolicyRequestSchema = z.object({
  expectedVenueVersion: ZWholeNumber,
  policy: ZPlannerPolicySchema,
  weights: ZStrategyWeightsSchema,
});

const ZServicePeriodSchema = z.object({
  id: z.string(),
  name: z.string(),
  daysOfWeek: z.array(z.number()),
  opensAt: z.string(),
  lastSeatingAt: z.string(),
  closesAt: z.string(),
  bufferMinutes: z.number(),
  pacingCoversPerSlot: z.number().nullable(),
  pacingOnlineCoversPerSlot: z.number().nullable(),
  active: z.boolean(),
  turnTimes: z.array(z.object({ maxPartySize: z.number(), turnMinutes: z.number() })),
});

export const ZServiceExceptionSchema = z.object({
  id: z.string(),
  date: z.string(),
  servicePeriodId: z.string().nullable(),
  /** The service's name; null for the whole day. */
  servicePeriodName: z.string().nullable(),
  closed: z.boolean(),
  opensAt: z.string().nullable(),
  lastSeatingAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  note: z.string().nullable(),
});

/** GET /api/ops/restaurants/{id}/service, and `current` of a 409 STALE. */
export const ZServiceSettingsSchema = z.object({
  restaurantId: z.string(),
  rulesVersion: z.number(),
  venueVersion: z.number(),
  timezone: z.string(),
  /** The restaurant's local date now: exceptions are listed from it on. */
  today: z.string(),
  slotMinutes: z.number(),
  bookingHorizonDays: z.number(),
  bookingCutoffMinutes: z.number(),
  maxPartySize: z.number(),
  autoConfirm: z.boolean(),
  periods: z.array(ZServicePeriodSchema),
  exceptions: z.array(ZServiceExceptionSchema),
  plannerPolicy: z.object({ policy: ZPlannerPolicySchema, weights: ZStrategyWeightsSchema }),
});

/** A booking staff should call about (a day closed, hours changed): not cancelled automatically. */
export const ZAffectedBookingSchema = z.object({
  id: z.string(),
  reference: z.string(),
  guestName: z.string(),
  guestPhone: z.string().nullable(),
  guestEmail: z.string().nullable(),
  partySize: z.number(),
  startsAt: z.string(),
  status: z.string(),
  servicePeriodName: z.string().nullable(),
});

export const ZSaveServiceResponseSchema = ZServiceSettingsSchema.extend({
  /** Removed periods kept as inactive because past bookings refer to them. */
  deactivated: z.array(z.string()),
});

export const ZAddServiceExceptionResponseSchema = ZServiceSettingsSchema.extend({
  exception: ZServiceExceptionSchema,
  /** Upcoming bookings on the date that the exception leaves without service: call them. */
  affectedBookings: z.array(ZAffectedBookingSchema),
});

export type TServicePeriodInput = z.infer<typeof ZServicePeriodInputSchema>;
export type TSaveServiceRequest = z.infer<typeof ZSaveServiceRequestSchema>;
export type TAddServiceExceptionRequest = z.infer<typeof ZAddServiceExceptionRequestSchema>;
export type TSavePlannerPolicyRequest = z.infer<typeof ZSavePlannerPolicyRequestSchema>;
export type TServiceSettings = z.infer<typeof ZServiceSettingsSchema>;
export type TServicePeriod = z.infer<typeof ZServicePeriodSchema>;
export type TServiceException = z.infer<typeof ZServiceExceptionSchema>;
export type TAffectedBooking = z.infer<typeof ZAffectedBookingSchema>;
export type TSaveServiceResponse = z.infer<typeof ZSaveServiceResponseSchema>;
export type TAddServiceExceptionResponse = z.infer<typeof ZAddServiceExceptionResponseSchema>;

const minutesOf = (time: string) => {
  const [h = 0, m = 0] = time.split(":").map(Number);
  return h * 60 + m;
};

function range(errors: FieldError[], path: string, value: number, { min, max }: { min: number; max: number }) {
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push({ path, message: `must be a whole number from ${min} to ${max}` });
  }
}

/**
 * The rules a save must keep beyond the shapes, as field errors (path as in the request, e.g.
 * `periods.1.lastSeatingAt`); empty when the settings are sound. The database keeps the same invariants.
 */
export function checkServiceSettings(
  input: Pick<TSaveServiceRequest, "periods" | "bookingHorizonDays" | "bookingCutoffMinutes">,
): FieldError[] {
  const errors: FieldError[] = [];
  if (input.bookingHorizonDays !== undefined) {
    range(errors, "bookingHorizonDays", input.bookingHorizonDays, LIMITS.horizonDays);
  }
  if (input.bookingCutoffMinutes !== undefined) {
    range(errors, "bookingCutoffMinutes", input.bookingCutoffMinutes, LIMITS.cutoffMinutes);
  }
  const periods = input.periods ?? [];
  if (periods.length > LIMITS.periodsMax) {
    errors.push({ path: "periods", message: `at most ${LIMITS.periodsMax} services` });
  }
  const names = new Map<string, number>();
  periods.forEach((period, i) => {
    const at = (field: string) => `periods.${i}.${field}`;
    const name = period.name.trim();
    if (name.length === 0) errors.push({ path: at("name"), message: "a service needs a name" });
    else if (name.length > LIMITS.nameMax) {
      errors.push({ path: at("name"), message: `at most ${LIMITS.nameMax} characters` });
    } else if (names.has(name.toLowerCase())) {
      errors.push({ path: at("name"), message: `another service is already called ${name}` });
    } else names.set(name.toLowerCase(), i);
    const days = period.daysOfWeek;
    if (days.length === 0) errors.push({ path: at("daysOfWeek"), message: "choose at least one day" });
    else if (days.some((d) => d < 1 || d > 7) || new Set(days).size !== days.length) {
      errors.push({ path: at("daysOfWeek"), message: "days are 1 (Monday) to 7 (Sunday), each once" });
    }
    errors.push(...checkHours(period, at));
    range(errors, at("bufferMinutes"), period.bufferMinutes, LIMITS.bufferMinutes);
    const { pacingCoversPerSlot: total, pacingOnlineCoversPerSlot: online } = period;
    if (total !== null) range(errors, at("pacingCoversPerSlot"), total, LIMITS.pacing);
    if (online !== null) range(errors, at("pacingOnlineCoversPerSlot"), online, LIMITS.pacing);
    if (total !== null && online !== null && online > total) {
      errors.push({
        path: at("pacingOnlineCoversPerSlot"),
        message: `cannot be above the total cap (${total}): online covers are part of the total`,
      });
    }
    if (period.turnTimes.length === 0) {
      errors.push({ path: at("turnTimes"), message: "add at least one turn time" });
    } else if (period.turnTimes.length > LIMITS.turnRowsMax) {
      errors.push({ path: at("turnTimes"), message: `at most ${LIMITS.turnRowsMax} rows` });
    }
    const sizes = new Set<number>();
    period.turnTimes.forEach((turn, j) => {
      const row = (field: string) => `periods.${i}.turnTimes.${j}.${field}`;
      range(errors, row("maxPartySize"), turn.maxPartySize, LIMITS.partySize);
      range(errors, row("turnMinutes"), turn.turnMinutes, LIMITS.turnMinutes);
      if (sizes.has(turn.maxPartySize)) {
        errors.push({ path: row("maxPartySize"), message: `another row is already "up to ${turn.maxPartySize}"` });
      }
      sizes.add(turn.maxPartySize);
    });
  });
  return errors;
}

/** Opening ≤ last seating < closing, on one calendar day (as the database requires). */
export function checkHours(
  hours: { opensAt: string; lastSeatingAt: string; closesAt: string },
  at: (field: string) => string = (field) => field,
): FieldError[] {
  const opens = minutesOf(hours.opensAt);
  const last = minutesOf(hours.lastSeatingAt);
  const closes = minutesOf(hours.closesAt);
  const errors: FieldError[] = [];
  if (last < opens) errors.push({ path: at("lastSeatingAt"), message: "cannot be before opening" });
  if (closes <= last) {
    errors.push({
      path: at("closesAt"),
      message: "must be after the last seating (same day; no service past midnight)",
    });
  }
  return errors;
}

/** `HH:MM:SS` (as stored) → `HH:MM`. */
export const hhmm = (time: string) => time.slice(0, 5);
