import { DomainError } from "@/server/http/errors";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";
import { callTransitionBooking, type TBookingWriteResult } from "./booking-repository";
import { enqueueBookingEffects } from "./enqueue-booking-effects";
import { loadBookingForTransition } from "./load-booking-for-transition";
import { planBookingTransition, type TBookingActor, type TBookingEffect, type TBookingEvent } from "./machine";

/** Events that place a booking on tables: they only happen through commitAssignment / confirmHold. */
const TABLE_EVENTS = new Set<TBookingEvent["type"]>(["MANUAL_ASSIGN", "ASSIGNMENT_SUCCEEDED", "TABLES_CHANGED"]);

export type TTransitionBookingInput = {
  bookingId: string;
  /** When given, a booking of another restaurant is NOT_FOUND. */
  restaurantId?: string;
  event: TBookingEvent;
  actor: TBookingActor;
  /** The version the caller saw; omitted = act on the booking as it is now (still under the row lock). */
  expectedVersion?: number;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  now?: Date;
  maxAssignmentRetries?: number;
  /** Outbox hook: jobs for the machine's effects are enqueued in the same transaction. */
  enqueue?: TEnqueue;
};

export type TTransitionBookingResult = TBookingWriteResult & { effects: TBookingEffect[]; jobs: TJobRequest[] };

/** Moves a booking along the lifecycle machine in its own transaction. */
export async function transitionBooking({
  db,
  ...input
}: TTransitionBookingInput & { db: Db }): Promise<TTransitionBookingResult> {
  return db.transaction((tx) => transitionBookingInTx(tx, input));
}

/**
 * The same inside a caller's transaction (createBooking chains two transitions; the coordinator composes it with
 * its own writes). Machine decides, transition_booking persists with compare-and-set, effects become jobs.
 */
export async function transitionBookingInTx(tx: Tx, input: TTransitionBookingInput): Promise<TTransitionBookingResult> {
  if (TABLE_EVENTS.has(input.event.type)) {
    throw new DomainError("INVALID_TRANSITION", `${input.event.type} needs a table set`, {
      hint: "Assign tables with commitAssignment or confirmHold; they send this event",
      meta: { event: input.event.type },
    });
  }
  const now = input.now ?? new Date();
  const { booking, context } = await loadBookingForTransition(tx, { ...input, now });
  const plan = planBookingTransition({ status: booking.status, context, event: input.event });
  const eventReason = "reason" in input.event ? input.event.reason : undefined;
  const result = await callTransitionBooking(tx, {
    bookingId: booking.id,
    expectedVersion: booking.state_version,
    to: plan.to,
    event: input.event.type,
    actor: input.actor,
    reason: input.reason ?? eventReason ?? null,
    metadata: {
      ...input.metadata,
      ...("kind" in input.event ? { failureKind: input.event.kind } : {}),
      at: now.toISOString(),
    },
    assignmentFailures: plan.context.assignmentFailures,
  });
  const jobs = await enqueueBookingEffects(tx, {
    effects: plan.effects,
    bookingId: booking.id,
    restaurantId: booking.restaurant_id,
    stateVersion: result.stateVersion,
    enqueue: input.enqueue,
  });
  return { ...result, effects: plan.effects, jobs };
}
