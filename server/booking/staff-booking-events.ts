import type { BookingStatus, StaffRole } from "@/server/infra/db/schema";
import { eventsForRole } from "./events-for-role";
import type { TBookingContext, TBookingEventType } from "./machine";

/**
 * The public names of the lifecycle events staff send over HTTP (POST /api/ops/bookings/{id}/transitions and
 * every `allowedEvents` list a staff response carries), mapped to the machine's event types. The API speaks in
 * what a person does ("no_show"), the machine in what happens to the booking (MARK_NO_SHOW). Events only the
 * system sends (assignment steps) and table events (their own routes) have no public name, so a request naming
 * one fails validation. Universal: the dashboard imports it to label its buttons.
 */
export const STAFF_BOOKING_EVENTS = {
  check_in: "CHECK_IN",
  complete: "COMPLETE",
  cancel: "CANCEL",
  no_show: "MARK_NO_SHOW",
  undo_no_show: "UNDO_NO_SHOW",
  request_review: "REQUEST_REVIEW",
  confirm: "CONFIRM",
  /** Leave manual review back to automatic assignment (a manager's call). */
  retry_assignment: "QUEUE_ASSIGNMENT",
} as const satisfies Record<string, TBookingEventType>;

export type TStaffEventName = keyof typeof STAFF_BOOKING_EVENTS;

export const STAFF_EVENT_NAMES = Object.keys(STAFF_BOOKING_EVENTS) as [TStaffEventName, ...TStaffEventName[]];

const NAME_OF_TYPE = new Map<TBookingEventType, TStaffEventName>(
  STAFF_EVENT_NAMES.map((name) => [STAFF_BOOKING_EVENTS[name], name]),
);

/** The public name of a machine event type, if staff may send it over HTTP at all. */
export function staffEventNameOf(type: TBookingEventType): TStaffEventName | undefined {
  return NAME_OF_TYPE.get(type);
}

/** What a member of staff with `role` may send to the booking now, by public name (events-for-role's rule). */
export function staffAllowedEvents({
  role,
  status,
  context,
}: {
  role: StaffRole;
  status: BookingStatus;
  context: TBookingContext;
}): TStaffEventName[] {
  return eventsForRole({ role, status, context }).flatMap((type) => staffEventNameOf(type) ?? []);
}
