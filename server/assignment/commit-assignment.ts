import { enqueueBookingEffects } from "@/server/booking/enqueue-booking-effects";
import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import { planBookingTransition, type TBookingEffect } from "@/server/booking/machine";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { callCommitAssignment, type TAssignmentWriteResult } from "./assignment-repository";
import { chooseAssignEvent, type TAssignEventType } from "./choose-assign-event";
import { hashRequest, restaurantScope, type TIdempotentOutcome, withIdempotency } from "./idempotency";
import type { TTableWriteOptions } from "./table-write-options";

export type TCommitAssignmentInput = TTableWriteOptions & {
  bookingId: string;
  tableIds: readonly string[];
  /** Defaults from the booking's status and the actor (see chooseAssignEvent). */
  event?: TAssignEventType;
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
        scope: restaurantScope(input.restaurantId),
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
    const plan = planBookingTransition({ status: booking.status, context, event });
    const result = await callCommitAssignment(tx, {
      bookingId: booking.id,
      expectedVersion: booking.state_version,
      tableIds,
      to: plan.to,
      event: event.type,
      actor: input.actor,
      reason: input.reason ?? null,
      metadata: { ...input.metadata, at: now.toISOString() },
      assignmentFailures: plan.context.assignmentFailures,
    });
    const jobs = await enqueueBookingEffects(tx, {
      effects: plan.effects,
      bookingId: booking.id,
      restaurantId: booking.restaurant_id,
      stateVersion: result.stateVersion,
      enqueue: input.enqueue,
    });
    return { status: 200, body: { ...result, effects: plan.effects, jobs } };
  });
}
