import { DomainError } from "@/server/errors/domain-error";
import { asTransaction, type Db, type Queryable, type Tx } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";
import { callTransitionBooking, type TBookingWriteResult, type TTransitionStep } from "./booking-repository";
import { enqueueBookingEffects } from "./enqueue-booking-effects";
import {
  bookingContextOf,
  currentSeen,
  loadBookingForTransition,
  type TBookingSeen,
} from "./load-booking-for-transition";
import {
  planBookingTransitions,
  type TBookingActor,
  type TBookingContext,
  type TBookingEffect,
  type TBookingEvent,
  type TPlannedTransition,
} from "./machine";

/** Events that place a booking on tables: they only happen through commitAssignment / confirmHold. */
const TABLE_EVENTS = new Set<TBookingEvent["type"]>(["MANUAL_ASSIGN", "ASSIGNMENT_SUCCEEDED", "TABLES_CHANGED"]);

export type TTransitionBookingInput = {
  bookingId: string;
  /** When given, a booking of another restaurant is NOT_FOUND. */
  restaurantId?: string;
  event: TBookingEvent;
  /** Events that follow `event` in the same request, applied in the same call (e.g. QUEUE_ASSIGNMENT). */
  followedBy?: readonly TBookingEvent[];
  actor: TBookingActor;
  /** The version the caller saw; omitted = act on the booking as it is now (still under the row lock). */
  expectedVersion?: number;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  now?: Date;
  maxAssignmentRetries?: number;
  /** Outbox hook: jobs for the machine's effects are enqueued in the same transaction. */
  enqueue?: TEnqueue;
  /** The booking as the caller already has it: saves the locking read (see loadBookingForTransition). */
  seen?: TBookingSeen;
};

export type TTransitionBookingResult = TBookingWriteResult & { effects: TBookingEffect[]; jobs: TJobRequest[] };

/**
 * Moves a booking along the lifecycle machine in its own transaction — or, when the caller saw the booking and the
 * events have no effects to enqueue (START_ASSIGNMENT), as one fenced statement with no transaction around it.
 */
export async function transitionBooking({
  db,
  ...request
}: TTransitionBookingInput & { db: Db }): Promise<TTransitionBookingResult> {
  const input = { ...request, now: request.now ?? new Date() };
  const seen = currentSeen(input);
  const onSeen = seen && seen.status !== "no_show" ? decideOnSeen(input, seen) : null;
  if (onSeen?.plans.every((plan) => plan.effects.length === 0)) {
    return writeTransition(db.kysely, input, onSeen);
  }
  return db.transaction((tx) => transitionBookingInTx(tx, input));
}

/**
 * The same inside a caller's transaction (the coordinator composes it with its own writes). Machine decides,
 * transition_booking persists with compare-and-set, effects become jobs.
 */
export async function transitionBookingInTx(
  tx: Tx,
  request: TTransitionBookingInput,
): Promise<TTransitionBookingResult> {
  const input = { ...request, now: request.now ?? new Date() };
  assertNoTableEvents(input);
  const { booking, context } = await loadBookingForTransition(tx, input);
  return writeTransition(tx, input, { booking, plans: planChain(input, booking.status, context) });
}

type TDecided = { booking: TBookingSeen; plans: TPlannedTransition[] };

function decideOnSeen(input: TTransitionBookingInput & { now: Date }, seen: TBookingSeen): TDecided | null {
  if (input.restaurantId !== undefined && seen.restaurant_id !== input.restaurantId) return null;
  assertNoTableEvents(input);
  const context = bookingContextOf(seen, input);
  return { booking: seen, plans: planChain(input, seen.status, context) };
}

function planChain(input: TTransitionBookingInput, status: BookingStatus, context: TBookingContext) {
  return planBookingTransitions({ status, context, events: [input.event, ...(input.followedBy ?? [])] });
}

function assertNoTableEvents(input: TTransitionBookingInput): void {
  const tableEvent = [input.event, ...(input.followedBy ?? [])].find((event) => TABLE_EVENTS.has(event.type));
  if (tableEvent) {
    throw new DomainError("INVALID_TRANSITION", `${tableEvent.type} needs a table set`, {
      hint: "Assign tables with commitAssignment or confirmHold; they send this event",
      meta: { event: tableEvent.type },
    });
  }
}

async function writeTransition(
  db: Queryable,
  input: TTransitionBookingInput & { now: Date },
  { booking, plans }: TDecided,
): Promise<TTransitionBookingResult> {
  const { first, rest } = stepsOf(plans, input, input.now);
  const result = await callTransitionBooking(db, {
    ...first,
    bookingId: booking.id,
    expectedVersion: booking.state_version,
    actor: input.actor,
    followedBy: rest,
  });
  const effects = plans.flatMap((plan) => plan.effects);
  const jobs =
    effects.length === 0
      ? []
      : await enqueueChainEffects(asTransaction(db), {
          plans,
          bookingId: booking.id,
          restaurantId: booking.restaurant_id,
          fromVersion: booking.state_version,
          enqueue: input.enqueue,
        });
  return { ...result, effects, jobs };
}

/**
 * What the write function records for planned transitions: the caller's reason and metadata go with the first
 * (the event the caller sent); the steps that follow it record only their own.
 */
export function stepsOf(
  plans: readonly TPlannedTransition[],
  input: { reason?: string | null; metadata?: Record<string, unknown> },
  now: Date,
): { first: TTransitionStep; rest: TTransitionStep[] } {
  const [head, ...tail] = plans;
  if (!head) throw new Error("no transition planned");
  return { first: stepOf(head, input, now), rest: tail.map((plan) => stepOf(plan, {}, now)) };
}

function stepOf(
  plan: TPlannedTransition,
  input: { reason?: string | null; metadata?: Record<string, unknown> },
  now: Date,
): TTransitionStep {
  const eventReason = "reason" in plan.event ? plan.event.reason : undefined;
  return {
    to: plan.to,
    event: plan.event.type,
    reason: input.reason ?? eventReason ?? null,
    metadata: {
      ...input.metadata,
      ...("kind" in plan.event ? { failureKind: plan.event.kind } : {}),
      at: now.toISOString(),
    },
    assignmentFailures: plan.context.assignmentFailures,
  };
}

/** Each step's effects become jobs for the version that step produced (one version per step). */
export async function enqueueChainEffects(
  tx: Tx,
  {
    plans,
    fromVersion,
    ...rest
  }: {
    plans: readonly TPlannedTransition[];
    bookingId: string;
    restaurantId: string;
    fromVersion: number;
    enqueue?: TEnqueue;
  },
): Promise<TJobRequest[]> {
  const jobs: TJobRequest[] = [];
  for (const [i, plan] of plans.entries()) {
    jobs.push(
      ...(await enqueueBookingEffects(tx, { ...rest, effects: plan.effects, stateVersion: fromVersion + i + 1 })),
    );
  }
  return jobs;
}
