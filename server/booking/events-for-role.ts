import type { BookingStatus, StaffRole } from "@/server/infra/db/schema";
import { allowedEvents, type TBookingContext, type TBookingEventType } from "./machine";

/**
 * The lifecycle events a member of staff may SEND by hand (POST …/transitions, the dashboard's buttons), by role.
 * Table events (MANUAL_ASSIGN, TABLES_CHANGED, UNASSIGN) go through the hold/assign/unassign routes and the
 * coordinator's own events never come from a person, so neither is listed. The machine still guards each event
 * (check-in window, undo window, review rules); this only says which a role may ask for at all.
 */
const HOST_EVENTS = ["CHECK_IN", "COMPLETE", "CANCEL", "MARK_NO_SHOW", "REQUEST_REVIEW"] as const;
// A manager also resolves review (QUEUE_ASSIGNMENT restarts automation), confirms, and undoes a no-show.
const MANAGER_EVENTS = [...HOST_EVENTS, "CONFIRM", "QUEUE_ASSIGNMENT", "UNDO_NO_SHOW"] as const;

export const STAFF_EVENTS_BY_ROLE: Readonly<Record<StaffRole, readonly TBookingEventType[]>> = {
  host: HOST_EVENTS,
  manager: MANAGER_EVENTS,
  owner: MANAGER_EVENTS,
};

/** Whether `role` may send `event` at all (the machine decides whether it is possible now). */
export function roleMaySend(role: StaffRole, event: TBookingEventType): boolean {
  return STAFF_EVENTS_BY_ROLE[role].includes(event);
}

const MINUTE = 60_000;
const memo = new Map<string, TBookingEventType[]>();
const MEMO_LIMIT = 4096;

/**
 * What the machine's answer depends on: the status, who asks, the failure count, and where `now` stands against
 * the machine's time guards (check-in open, started, inside the no-show undo window). Asking the machine costs
 * ~0.3 ms (resolve a snapshot, try each event), which a day's list of 200 bookings cannot afford; bookings with
 * the same key get the same answer. events-for-role.test.ts proves the memoised answer equals the machine's.
 */
function answerKey(status: BookingStatus, role: StaffRole, c: TBookingContext): string {
  return [
    status,
    role,
    c.actor.type,
    c.actor.role ?? "",
    c.assignmentFailures,
    c.maxAssignmentRetries,
    c.now >= c.startsAt - c.checkInLeadMinutes * MINUTE,
    c.now >= c.startsAt,
    c.noShowAt !== null && c.now <= c.noShowAt + c.noShowUndoMinutes * MINUTE,
    c.noShowAt !== null,
  ].join("|");
}

/**
 * The events a member of staff with `role` may send to a booking in `status` right now: the machine's
 * allowedEvents (evaluated with `context`, whose actor should be this member of staff) filtered by role.
 */
export function eventsForRole({
  role,
  status,
  context,
}: {
  role: StaffRole;
  status: BookingStatus;
  context: TBookingContext;
}): TBookingEventType[] {
  const key = answerKey(status, role, context);
  const known = memo.get(key);
  if (known) return [...known];
  const events = eventsForRoleUncached({ role, status, context });
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, events);
  return [...events];
}

/** The machine's answer without the memo (for the test that keeps the two equal). */
export function eventsForRoleUncached({
  role,
  status,
  context,
}: {
  role: StaffRole;
  status: BookingStatus;
  context: TBookingContext;
}): TBookingEventType[] {
  return allowedEvents(status, context).filter((event) => roleMaySend(role, event));
}
