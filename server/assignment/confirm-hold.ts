import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import {
  planBookingTransition,
  planBookingTransitions,
  type TBookingEffect,
  type TBookingEvent,
} from "@/server/booking/machine";
import { enqueueChainEffects, stepsOf } from "@/server/booking/transition-booking";
import { DomainError } from "@/server/errors/domain-error";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { callConfirmHold, findHoldBooking, type TConfirmHoldResult } from "./assignment-repository";
import { chooseAssignEvent, type TAssignEventType } from "./choose-assign-event";
import { clientScope, type TIdempotentOutcome, withIdempotency } from "./idempotency";
import type { TTableWriteOptions } from "./table-write-options";

export type TConfirmHoldInput = TTableWriteOptions & {
  holdId: string;
  event?: TAssignEventType;
  /** An auto-confirming restaurant: a booking the hold leaves `assigned` is confirmed (and its guest emailed)
   * in the same transaction, as the coordinator does after its own assignments. */
  autoConfirm?: boolean;
};

export type TConfirmHoldOutcome = TConfirmHoldResult & { effects: TBookingEffect[]; jobs: TJobRequest[] };

/**
 * Makes a live hold the booking's assignment (in place: the tables are never free in between) and moves the
 * booking on. With an idempotency key a replay returns the first response and writes nothing; a failure leaves
 * the booking's tables and status exactly as they were.
 */
export async function confirmHold({
  db,
  ...input
}: TConfirmHoldInput & { db: Db }): Promise<TIdempotentOutcome<TConfirmHoldOutcome>> {
  return db.transaction((tx) => confirmHoldInTx(tx, input));
}

export async function confirmHoldInTx(
  tx: Tx,
  input: TConfirmHoldInput,
): Promise<TIdempotentOutcome<TConfirmHoldOutcome>> {
  const idempotency = input.idempotencyKey
    ? {
        scope: clientScope(input.restaurantId, input.actor),
        key: input.idempotencyKey,
        requestHash: hashRequest({
          op: "confirm_hold",
          holdId: input.holdId,
          expectedVersion: input.expectedVersion ?? null,
        }),
      }
    : null;
  return withIdempotency(tx, idempotency, async () => {
    const hold = await findHoldBooking(tx, { holdId: input.holdId, restaurantId: input.restaurantId });
    if (!hold) {
      throw new DomainError("HOLD_EXPIRED", `hold ${input.holdId} no longer exists (expired, released or confirmed)`, {
        meta: { holdId: input.holdId, reason: "gone" },
      });
    }
    const now = input.now ?? new Date();
    const { booking, context } = await loadBookingForTransition(tx, {
      ...input,
      bookingId: hold.bookingId,
      now,
    });
    const event = chooseAssignEvent({ status: booking.status, actor: input.actor, requested: input.event });
    const assign = planBookingTransition({ status: booking.status, context, event });
    const followedBy: TBookingEvent[] = input.autoConfirm && assign.to === "assigned" ? [{ type: "CONFIRM" }] : [];
    const plans = planBookingTransitions({ status: booking.status, context, events: [event, ...followedBy] });
    const { first, rest } = stepsOf(plans, input, now);
    const result = await callConfirmHold(tx, {
      ...first,
      holdId: input.holdId,
      expectedVersion: input.expectedVersion ?? null,
      actor: input.actor,
      followedBy: rest,
    });
    const jobs = await enqueueChainEffects(tx, {
      plans,
      bookingId: booking.id,
      restaurantId: booking.restaurant_id,
      fromVersion: booking.state_version,
      enqueue: input.enqueue,
    });
    return { status: 200, body: { ...result, effects: plans.flatMap((plan) => plan.effects), jobs } };
  });
}
