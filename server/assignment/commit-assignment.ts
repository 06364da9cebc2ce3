import type { Insertable } from "kysely";
import { loadBookingForTransition, type TBookingSeen } from "@/server/booking/load-booking-for-transition";
import { planBookingTransitions, type TBookingEffect, type TBookingEvent } from "@/server/booking/machine";
import { enqueueChainEffects, stepsOf } from "@/server/booking/transition-booking";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { AssignmentAttemptsTable } from "@/server/infra/db/schema";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { callCommitAssignment, type TAssignmentWriteResult } from "./assignment-repository";
import { chooseAssignEvent, type TAssignEventType } from "./choose-assign-event";
import { clientScope, type TIdempotentOutcome, withIdempotency } from "./idempotency";
import type { TTableWriteOptions } from "./table-write-options";

export type TCommitAssignmentInput = TTableWriteOptions & {
  bookingId: string;
  tableIds: readonly string[];
  /** Defaults from the booking's status and the actor (see chooseAssignEvent). */
  event?: TAssignEventType;
  /** Events that follow the assignment in the same call (CONFIRM for an auto-confirming restaurant). */
  followedBy?: readonly TBookingEvent[];
  /** The booking as the caller already has it: saves the locking read (see loadBookingForTransition). */
  seen?: TBookingSeen;
  /** The coordinator's assignment_attempts row for this commit, written by the same statement. */
  attempt?: Insertable<AssignmentAttemptsTable>;
};

export type TCommitAssignmentResult = TAssignmentWriteResult & { effects: TBookingEffect[]; jobs: TJobRequest[] };

/** Assigns a table set to a booking directly (a plan from the planner, or staff's pick), atomically. */
export async function commitAssignment({
  db,
  ...input
}: TCommitAssignmentInput & { db: Db }): Promise<TIdempotentOutcome<TCommitAssignmentResult>> {
  return db.transaction((tx) => commitAssignmentInTx(tx, input));
}

export async function commitAssignmentInTx(
  tx: Tx,
  input: TCommitAssignmentInput,
): Promise<TIdempotentOutcome<TCommitAssignmentResult>> {
  const tableIds = [...new Set(input.tableIds)].sort();
  const idempotency = input.idempotencyKey
    ? {
        scope: clientScope(input.restaurantId, input.actor),
        key: input.idempotencyKey,
        requestHash: hashRequest({
          op: "commit_assignment",
          bookingId: input.bookingId,
          tableIds,
          expectedVersion: input.expectedVersion ?? null,
        }),
      }
    : null;
  return withIdempotency(tx, idempotency, async () => {
    const now = input.now ?? new Date();
    const { booking, context } = await loadBookingForTransition(tx, { ...input, now });
    const event = chooseAssignEvent({ status: booking.status, actor: input.actor, requested: input.event });
    const plans = planBookingTransitions({
      status: booking.status,
      context,
      events: [event, ...(input.followedBy ?? [])],
    });
    const { first, rest } = stepsOf(plans, input, now);
    const result = await callCommitAssignment(tx, {
      ...first,
      bookingId: booking.id,
      expectedVersion: booking.state_version,
      tableIds,
      actor: input.actor,
      followedBy: rest,
      ...(input.attempt ? { attempt: input.attempt } : {}),
    });
    const jobs = await enqueueChainEffects(tx, {
      plans,
      bookingId: booking.id,
      restaurantId: booking.restaurant_id,
      fromVersion: booking.state_version,
      enqueue: input.enqueue,
    });
    const effects = plans.flatMap((plan) => plan.effects);
    return { status: 200, body: { ...result, effects, jobs } };
  });
}
