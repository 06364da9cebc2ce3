import { and, assign, setup, transition } from "xstate";
import { DomainError } from "@/server/errors/domain-error";
import type { ActorType, BookingStatus, StaffRole } from "@/server/infra/db/schema";

/**
 * The booking lifecycle: the ONE source of truth for which status changes exist and when they are allowed.
 * Pure — nothing here touches the database. The server resolves a snapshot from the booking row, asks the
 * machine for the next status, persists it with transition_booking (compare-and-set on state_version), then
 * runs the returned effects. `booking_transitions` (read by the DB trigger) is generated from this file:
 * see BOOKING_TRANSITION_PAIRS and the test that compares the two.
 */

export type TBookingActor = { type: ActorType; id: string | null; role?: StaffRole | null };

export type TBookingContext = {
  /** Who sends the event; role guards read it. */
  actor: TBookingActor;
  /** Epoch ms of "now" (injected, so the machine stays pure and time guards are testable). */
  now: number;
  startsAt: number;
  /** When the booking was marked no-show (epoch ms), if it is a no-show. */
  noShowAt: number | null;
  /** Failed automatic attempts since the last success or manual action. */
  assignmentFailures: number;
  maxAssignmentRetries: number;
  noShowUndoMinutes: number;
  checkInLeadMinutes: number;
};

export type TAssignmentFailureKind = "transient" | "deterministic";

export type TBookingEvent =
  | { type: "CAPACITY_VERIFIED" }
  | { type: "QUEUE_ASSIGNMENT" }
  | { type: "START_ASSIGNMENT" }
  | { type: "ASSIGNMENT_SUCCEEDED" }
  | { type: "ASSIGNMENT_FAILED"; kind: TAssignmentFailureKind; reason?: string }
  | { type: "MANUAL_ASSIGN" }
  /** Tables changed while the party stays placed (partial unassign, optimizer move): a self-transition. */
  | { type: "TABLES_CHANGED" }
  | { type: "UNASSIGN" }
  | { type: "CONFIRM" }
  | { type: "CHECK_IN" }
  | { type: "COMPLETE" }
  | { type: "CANCEL" }
  | { type: "MARK_NO_SHOW" }
  | { type: "UNDO_NO_SHOW" }
  | { type: "REQUEST_REVIEW"; reason?: string };

export type TBookingEventType = TBookingEvent["type"];

/** One sample per distinct event shape, for "what is allowed now" questions. */
export const SAMPLE_BOOKING_EVENTS: readonly TBookingEvent[] = [
  { type: "CAPACITY_VERIFIED" },
  { type: "QUEUE_ASSIGNMENT" },
  { type: "START_ASSIGNMENT" },
  { type: "ASSIGNMENT_SUCCEEDED" },
  { type: "ASSIGNMENT_FAILED", kind: "transient" },
  { type: "ASSIGNMENT_FAILED", kind: "deterministic" },
  { type: "MANUAL_ASSIGN" },
  { type: "TABLES_CHANGED" },
  { type: "UNASSIGN" },
  { type: "CONFIRM" },
  { type: "CHECK_IN" },
  { type: "COMPLETE" },
  { type: "CANCEL" },
  { type: "MARK_NO_SHOW" },
  { type: "UNDO_NO_SHOW" },
  { type: "REQUEST_REVIEW" },
];

export const BOOKING_EVENT_TYPES = [...new Set(SAMPLE_BOOKING_EVENTS.map((e) => e.type))] as TBookingEventType[];

/** Side effects the server runs after the new status is persisted (as jobs, in the same transaction). */
export const BOOKING_EFFECTS = ["requestAssignment", "notifyConfirmed", "notifyCancelled"] as const;
export type TBookingEffect = (typeof BOOKING_EFFECTS)[number];

export const DEFAULT_MAX_ASSIGNMENT_RETRIES = 5;

const MINUTE = 60_000;

/** System actors (seed, scripts, migrations) act with owner rights; they never come from HTTP. */
function isManagerOrOwner(actor: TBookingActor): boolean {
  if (actor.type === "system") return true;
  return actor.type === "staff" && (actor.role === "manager" || actor.role === "owner");
}

export const bookingMachine = setup({
  types: {
    context: {} as TBookingContext,
    events: {} as TBookingEvent,
    input: {} as TBookingContext,
  },
  guards: {
    /** Only a transient failure with attempts left goes back to the queue; the count includes this failure. */
    retriesLeft: ({ context, event }) =>
      event.type === "ASSIGNMENT_FAILED" &&
      event.kind === "transient" &&
      context.assignmentFailures + 1 < context.maxAssignmentRetries,
    isManagerOrOwner: ({ context }) => isManagerOrOwner(context.actor),
    /** A guest may always withdraw their own request; staff need a manager to drop a booking under review. */
    mayCancelFromReview: ({ context }) =>
      isManagerOrOwner(context.actor) || context.actor.type === "guest" || context.actor.type === "api_key",
    withinNoShowUndoWindow: ({ context }) =>
      context.noShowAt !== null && context.now <= context.noShowAt + context.noShowUndoMinutes * MINUTE,
    checkInOpen: ({ context }) => context.now >= context.startsAt - context.checkInLeadMinutes * MINUTE,
    /** A party cannot be a no-show before its time. */
    hasStarted: ({ context }) => context.now >= context.startsAt,
  },
  actions: {
    countFailure: assign({ assignmentFailures: ({ context }) => context.assignmentFailures + 1 }),
    resetFailures: assign({ assignmentFailures: 0 }),
    // Effect markers: returned by transition() and executed by the server after the write.
    requestAssignment: () => {},
    notifyConfirmed: () => {},
    notifyCancelled: () => {},
  },
}).createMachine({
  id: "booking",
  initial: "created",
  context: ({ input }) => input,
  states: {
    created: {
      on: {
        CAPACITY_VERIFIED: { target: "capacity_verified" },
        REQUEST_REVIEW: { target: "manual_review" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    capacity_verified: {
      on: {
        QUEUE_ASSIGNMENT: { target: "assignment_pending" },
        MANUAL_ASSIGN: { target: "assigned", actions: "resetFailures" },
        REQUEST_REVIEW: { target: "manual_review" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    assignment_pending: {
      entry: "requestAssignment",
      on: {
        START_ASSIGNMENT: { target: "assignment_in_progress" },
        MANUAL_ASSIGN: { target: "assigned", actions: "resetFailures" },
        REQUEST_REVIEW: { target: "manual_review" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    assignment_in_progress: {
      on: {
        ASSIGNMENT_SUCCEEDED: { target: "assigned", actions: "resetFailures" },
        ASSIGNMENT_FAILED: [
          { guard: "retriesLeft", target: "assignment_pending", actions: "countFailure" },
          { target: "manual_review", actions: "countFailure" },
        ],
        // Staff may take over a stuck automatic attempt; the attempt's own commit then fails on the version fence.
        MANUAL_ASSIGN: { target: "assigned", actions: "resetFailures" },
        REQUEST_REVIEW: { target: "manual_review" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    assigned: {
      on: {
        CONFIRM: { target: "confirmed", actions: "notifyConfirmed" },
        MANUAL_ASSIGN: { target: "assigned", actions: "resetFailures" },
        TABLES_CHANGED: { target: "assigned" },
        UNASSIGN: { target: "assignment_pending" },
        CHECK_IN: { target: "checked_in", guard: "checkInOpen" },
        MARK_NO_SHOW: { target: "no_show", guard: "hasStarted" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    confirmed: {
      on: {
        MANUAL_ASSIGN: { target: "confirmed", actions: "resetFailures" },
        TABLES_CHANGED: { target: "confirmed" },
        UNASSIGN: { target: "assignment_pending" },
        CHECK_IN: { target: "checked_in", guard: "checkInOpen" },
        MARK_NO_SHOW: { target: "no_show", guard: "hasStarted" },
        CANCEL: { target: "cancelled", actions: "notifyCancelled" },
      },
    },
    checked_in: {
      on: { COMPLETE: { target: "completed" } },
    },
    manual_review: {
      on: {
        MANUAL_ASSIGN: { target: "assigned", actions: "resetFailures" },
        // Leaving review without a table is a manager's call: it restarts automation or drops the booking.
        QUEUE_ASSIGNMENT: { target: "assignment_pending", guard: "isManagerOrOwner", actions: "resetFailures" },
        CANCEL: { target: "cancelled", guard: "mayCancelFromReview", actions: "notifyCancelled" },
      },
    },
    no_show: {
      on: {
        UNDO_NO_SHOW: { target: "confirmed", guard: and(["isManagerOrOwner", "withinNoShowUndoWindow"]) },
      },
    },
    completed: { type: "final" },
    cancelled: { type: "final" },
  },
});

type TStateNodeLike = { key: string; transitions: Map<string, { target?: readonly { key: string }[] }[]> };

/**
 * Every (from, to) edge of the machine, self-transitions (same status, new version) included, read from the
 * machine's own definition (never typed by hand). The invariant checker accepts exactly these history rows.
 */
export const BOOKING_MACHINE_EDGES: readonly (readonly [BookingStatus, BookingStatus])[] = (() => {
  const pairs = new Set<string>();
  for (const node of Object.values(bookingMachine.root.states) as unknown as TStateNodeLike[]) {
    for (const definitions of node.transitions.values()) {
      for (const definition of definitions) {
        for (const target of definition.target ?? []) pairs.add(`${node.key}>${target.key}`);
      }
    }
  }
  return [...pairs].sort().map((pair) => pair.split(">") as [BookingStatus, BookingStatus]);
})();

/** The status changes of BOOKING_MACHINE_EDGES. Self-transitions are left out: the DB trigger allows them without
 * a row. */
export const BOOKING_TRANSITION_PAIRS: readonly (readonly [BookingStatus, BookingStatus])[] =
  BOOKING_MACHINE_EDGES.filter(([from, to]) => from !== to);

function snapshotOf(status: BookingStatus, context: TBookingContext) {
  return bookingMachine.resolveState({ value: status, context });
}

/** Event types that are legal for this booking right now (the ops UI shows only these actions). */
export function allowedEvents(status: BookingStatus, context: TBookingContext): TBookingEventType[] {
  const snapshot = snapshotOf(status, context);
  return BOOKING_EVENT_TYPES.filter((type) =>
    SAMPLE_BOOKING_EVENTS.some((event) => event.type === type && snapshot.can(event)),
  );
}

export type TPlannedTransition = {
  from: BookingStatus;
  to: BookingStatus;
  /** Same status, new version (table changes of a placed booking). */
  selfTransition: boolean;
  event: TBookingEvent;
  context: TBookingContext;
  effects: TBookingEffect[];
};

/**
 * Asks the machine what `event` does to a booking in `status`. Throws INVALID_TRANSITION naming the current
 * state and the events allowed now when the machine refuses (no edge, or a guard says no).
 */
export function planBookingTransition({
  status,
  context,
  event,
}: {
  status: BookingStatus;
  context: TBookingContext;
  event: TBookingEvent;
}): TPlannedTransition {
  const current = snapshotOf(status, context);
  if (!current.can(event)) {
    const allowed = allowedEvents(status, context);
    throw new DomainError("INVALID_TRANSITION", `${event.type} is not possible while the booking is ${status}`, {
      meta: { status, event: event.type, allowedEvents: allowed },
      hint: allowed.length
        ? `Allowed now: ${allowed.join(", ")}. Reload the booking if it changed.`
        : `A ${status} booking accepts no further actions.`,
    });
  }
  const [next, actions] = transition(bookingMachine, current, event);
  const effects = actions
    .map((action) => action.type)
    .filter((type): type is TBookingEffect => (BOOKING_EFFECTS as readonly string[]).includes(type));
  const to = next.value as BookingStatus;
  return { from: status, to, selfTransition: to === status, event, context: next.context, effects };
}

/**
 * planBookingTransition for events that follow each other in one request (CAPACITY_VERIFIED then
 * QUEUE_ASSIGNMENT; ASSIGNMENT_SUCCEEDED then CONFIRM): each is asked of the state the previous one left.
 */
export function planBookingTransitions({
  status,
  context,
  events,
}: {
  status: BookingStatus;
  context: TBookingContext;
  events: readonly TBookingEvent[];
}): TPlannedTransition[] {
  const plans: TPlannedTransition[] = [];
  let state = { status, context };
  for (const event of events) {
    const plan = planBookingTransition({ ...state, event });
    plans.push(plan);
    state = { status: plan.to, context: plan.context };
  }
  return plans;
}
