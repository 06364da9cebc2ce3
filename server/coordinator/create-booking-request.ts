import { z } from "zod";
import { type TBookingResponse, toBookingResponse } from "@/server/booking/booking-response";
import { findBookingView } from "@/server/booking/find-booking-view";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { zStartsAt, zText } from "@/server/validation/z-text";
import { outcomeOfStatus } from "./assign-outcome";
import type { TCreateAndAssignResult } from "./create-and-assign-booking";

/** POST /api/bookings: what a booking client sends (the restaurant comes from its API key). */
export const ZCreateBookingRequestSchema = z.object({
  partySize: z.number().int().min(1).max(100),
  /** An instant with offset (`2027-03-05T19:00:00Z`) or the restaurant's local wall time (`2027-03-05T19:00`). */
  startsAt: zStartsAt,
  guestName: zText({ min: 1, max: 200 }),
  guestEmail: z.email().max(320).nullish(),
  guestPhone: zText({ min: 5, max: 40 }).nullish(),
  notes: zText({ max: 2000, multiline: true, trim: false }).nullish(),
  preferredZoneId: z.uuid().nullish(),
});

/** The `Idempotency-Key` header: a replay returns the booking created first (200), never a second booking. */
export function idempotencyKeyFrom(headers: Headers): string | null {
  const raw = headers.get("idempotency-key");
  if (raw === null) return null;
  const key = raw.trim();
  if (key.length < 8 || key.length > 200) {
    throw new DomainError("VALIDATION_FAILED", "the Idempotency-Key header must be 8 to 200 characters", {
      hint: "Send a random value (a UUID) per booking attempt, and the same value when you retry it",
      errors: [{ path: "headers.idempotency-key", message: "must be 8 to 200 characters" }],
    });
  }
  return key;
}

export type TCreateBookingResponse = {
  /** The booking's id (also in every booking object of the API). */
  id: string;
  reference: string;
  status: string;
  partySize: number;
  startsAt: string;
  endsAt: string;
  guestName: string;
  /** `confirmed`/`assigned`: tables are set aside; `queued`: the booking stands and tables follow shortly. */
  assignment: { outcome: string };
};

/** What the guest's client learns: the booking as it stands after the inline assignment (no table ids). */
export function toCreateBookingResponse(result: TCreateAndAssignResult): TCreateBookingResponse {
  const { body, assignment } = result;
  const placed = assignment && (assignment.outcome === "assigned" || assignment.outcome === "already_assigned");
  return {
    id: body.bookingId,
    reference: body.reference,
    status: placed ? assignment.status : body.status,
    partySize: body.partySize,
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    guestName: body.guestName,
    assignment: { outcome: assignment?.outcome ?? "queued" },
  };
}

/** POST's answer as the API's one booking object (version, tables by name) plus how the inline assignment ended. */
export type TCreatedBookingResponse = TBookingResponse & { assignment: { outcome: string } };

/**
 * The booking object every booking-client response carries (`toBookingResponse`, shared with GET/DELETE of
 * /api/bookings/{reference}), read back after the inline assignment: the assignment's outcome alone knows neither
 * the booking's version nor its tables' names. Every field of toCreateBookingResponse is kept; `status` is the
 * booking's as read (a job may have moved it on since the inline run).
 */
export async function readCreateBookingResponse(
  db: Queryable,
  result: TCreateAndAssignResult,
): Promise<TCreatedBookingResponse> {
  const summary = toCreateBookingResponse(result);
  const booking = await findBookingView(db, { bookingId: result.body.bookingId });
  // Only a restaurant deleted meanwhile takes its bookings with it.
  if (!booking) throw new DomainError("NOT_FOUND", `booking ${summary.reference} no longer exists`);
  // A replay ran no assignment of its own: it tells the outcome the booking's status shows, which is what the first
  // answer said unless the booking has moved on since (then the replay says where it stands now).
  const assignment = result.replayed ? { outcome: outcomeOfStatus(booking.status) } : summary.assignment;
  return { ...toBookingResponse(booking), assignment };
}
