import { sql } from "kysely";
import type { TBookingActor } from "@/server/booking/machine";
import { readStaffBookingResponse, type TStaffViewer } from "@/server/booking/staff-booking-response";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { idempotencyKeyFrom } from "@/server/coordinator/create-booking-request";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { findHoldBooking } from "./assignment-repository";
import { confirmHoldInTx } from "./confirm-hold";
import { clientScope, withIdempotency } from "./idempotency";

export type TConfirmStaffHoldInput = {
  db: Db;
  enqueue: TEnqueue;
  restaurantId: string;
  actor: TBookingActor;
  bookingId: string;
  holdId: string;
  /** Required: a retried confirm must never be a second assignment. */
  idempotencyKey: string;
};

export type TConfirmStaffHoldResult = {
  /** 201 when this request confirmed the hold, 200 for a replay of the same key. */
  status: 200 | 201;
  booking: TStaffBookingResponse;
  /** A notification job committed with the assignment: wake the notify workers. */
  enqueuedJobs: boolean;
};

/**
 * Staff confirm a hold (manual or auto quote — one use case for both routes): the hold becomes the booking's
 * assignment (MANUAL_ASSIGN, history row carrying the hold and any override), then CONFIRM when the restaurant
 * auto-confirms, whose confirmation email is queued through the outbox in the same transaction, and the answer is the booking as the API describes it. Idempotent per member of staff and
 * key: a replay answers the stored booking (200), the same key for another hold is IDEMPOTENCY_KEY_REUSED.
 *
 * Two members of staff confirming one hold: the booking row lock orders them; the first assigns (201), the second
 * finds the hold gone and is refused with HOLD_EXPIRED `reason: "confirmed"` (410) — not the booking with 200, since
 * only a replay by the same caller and key may claim "this is your result"; the refusal tells them it is done.
 */
export async function confirmStaffHold(input: TConfirmStaffHoldInput): Promise<TConfirmStaffHoldResult> {
  const { db, restaurantId, actor, bookingId, holdId } = input;
  let enqueuedJobs = false;
  try {
    const outcome = await db.transaction((tx) =>
      withIdempotency(
        tx,
        {
          scope: clientScope(restaurantId, actor),
          key: input.idempotencyKey,
          requestHash: hashRequest({ op: "staff_confirm_hold", bookingId, holdId }),
        },
        async () => {
          const hold = await findHoldBooking(tx, { holdId, restaurantId });
          if (!hold || hold.bookingId !== bookingId) throw await holdGone(tx, { bookingId, holdId });
          const restaurant = await tx
            .selectFrom("restaurants")
            .select("auto_confirm")
            .where("id", "=", restaurantId)
            .executeTakeFirstOrThrow();
          const confirmed = await confirmHoldInTx(tx, {
            restaurantId,
            actor,
            holdId,
            enqueue: input.enqueue,
            autoConfirm: restaurant.auto_confirm,
          });
          enqueuedJobs = confirmed.body.jobs.length > 0;
          return { status: 201, body: await readStaffBookingResponse(tx, { bookingId, viewer: viewerOf(actor) }) };
        },
      ),
    );
    return { status: outcome.replayed ? 200 : 201, booking: outcome.body, enqueuedJobs };
  } catch (error) {
    // Confirmed by someone else while we waited for the booking's lock: say so rather than "expired".
    if (isDomainError(error, "HOLD_EXPIRED") && error.meta.reason === "gone") {
      throw await holdGone(db.kysely, { bookingId, holdId });
    }
    // The booking changed after the hold was taken (the hold is fenced by its version): show it as it is now.
    if (isDomainError(error, "STALE_VERSION")) {
      const current = await readStaffBookingResponse(db.kysely, { bookingId, viewer: viewerOf(actor) });
      throw new DomainError("STALE_VERSION", error.message, {
        hint: "The booking changed since its tables were held: reload it and hold the tables again",
        meta: { ...error.meta, current },
        cause: error,
      });
    }
    throw error;
  }
}

/** The staff booking object's viewer: what this member of staff may do next (their role, now). */
function viewerOf(actor: TBookingActor): TStaffViewer {
  return { actor: { ...actor, role: actor.role ?? "host" }, now: new Date() };
}

/** One answer for a hold that does not exist, is gone, or is another restaurant's or booking's. */
export function holdNotFound(holdId: string): DomainError {
  return new DomainError("NOT_FOUND", `hold ${holdId} not found for this booking`, {
    hint: "Hold the tables again (POST /api/staff/manual/hold or /api/staff/auto/quote); holds last a few minutes",
    meta: { holdId },
  });
}

/**
 * A hold that is no longer there: if this booking's history shows it was confirmed, HOLD_EXPIRED with
 * `reason: "confirmed"` (nothing left to do); otherwise NOT_FOUND — the same answer as for a hold that never
 * existed or belongs to another restaurant or booking (an expired hold the sweeper removed looks the same).
 */
async function holdGone(db: Queryable, { bookingId, holdId }: { bookingId: string; holdId: string }) {
  const confirmed = await db
    .selectFrom("booking_state_history")
    .select(["actor_type", "actor_id", "at"])
    .where("booking_id", "=", bookingId)
    .where(sql<string>`metadata ->> 'holdId'`, "=", holdId)
    .executeTakeFirst();
  if (!confirmed) return holdNotFound(holdId);
  return new DomainError("HOLD_EXPIRED", `hold ${holdId} was already confirmed for this booking`, {
    hint: "Reload the booking: it already sits at the held tables; nothing was changed by this request",
    meta: { holdId, bookingId, reason: "confirmed" },
  });
}

/** The confirm routes' `Idempotency-Key` header: required (8–200 characters), since a retry must not re-assign. */
export function requireIdempotencyKey(headers: Headers): string {
  const key = idempotencyKeyFrom(headers);
  if (key === null) {
    throw new DomainError("VALIDATION_FAILED", "the Idempotency-Key header is required to confirm a hold", {
      hint: "Send an Idempotency-Key header: a random value (a UUID) per confirmation, the same one on a retry",
      errors: [{ path: "headers.idempotency-key", message: "required" }],
    });
  }
  return key;
}
