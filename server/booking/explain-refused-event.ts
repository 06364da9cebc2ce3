import { DomainError } from "@/server/errors/domain-error";
import type { BookingStatus, StaffRole } from "@/server/infra/db/schema";
import { toZonedParts } from "@/server/time/zoned-time";
import { allowedEvents, type TBookingContext, type TBookingEventType } from "./machine";
import { STAFF_BOOKING_EVENTS, staffAllowedEvents, type TStaffEventName } from "./staff-booking-events";

const MINUTE = 60_000;

/**
 * The INVALID_TRANSITION for an event the machine refuses now, saying WHEN it becomes possible if time alone
 * stands in the way. The machine's only opening time guards are checkInOpen (start − check-in lead) and
 * hasStarted (start): each is asked of the machine itself at those instants, so the answer follows the machine
 * if its rules change. `possibleFrom` (an instant) is in meta when there is such a time.
 */
export function explainRefusedEvent({
  event,
  status,
  context,
  role,
  timezone,
}: {
  event: TStaffEventName;
  status: BookingStatus;
  context: TBookingContext;
  role: StaffRole;
  timezone: string;
}): DomainError {
  const type = STAFF_BOOKING_EVENTS[event];
  const allowedNow = staffAllowedEvents({ role, status, context });
  const possibleFrom = whenPossible({ type, status, context });
  const meta = { status, event, allowedEvents: allowedNow };
  if (possibleFrom) {
    const at = localTime(possibleFrom, context.now, timezone);
    return new DomainError("INVALID_TRANSITION", `${event} is not possible yet for this ${status} booking`, {
      hint: timedHint(type, at, context),
      meta: { ...meta, possibleFrom: new Date(possibleFrom).toISOString() },
    });
  }
  return new DomainError("INVALID_TRANSITION", `${event} is not possible while the booking is ${status}`, {
    hint: closedHint({ type, status, context, timezone }) ?? allowedHint(status, allowedNow),
    meta,
  });
}

function whenPossible({
  type,
  status,
  context,
}: {
  type: TBookingEventType;
  status: BookingStatus;
  context: TBookingContext;
}): number | null {
  const candidates = [context.startsAt - context.checkInLeadMinutes * MINUTE, context.startsAt]
    .filter((at) => at > context.now)
    .sort((a, b) => a - b);
  return candidates.find((at) => allowedEvents(status, { ...context, now: at }).includes(type)) ?? null;
}

function timedHint(type: TBookingEventType, at: string, context: TBookingContext): string {
  if (type === "CHECK_IN") {
    const lead = context.checkInLeadMinutes;
    return `Check-in opens at ${at} (restaurant time), ${lead > 0 ? `${lead} minutes before the booking` : "when the booking starts"}`;
  }
  if (type === "MARK_NO_SHOW") return `A no-show can be marked from ${at} (restaurant time), when the booking starts`;
  return `Possible from ${at} (restaurant time)`;
}

/** A window that has closed for good (the no-show undo): say when it closed, not what else is allowed. */
function closedHint({
  type,
  status,
  context,
  timezone,
}: {
  type: TBookingEventType;
  status: BookingStatus;
  context: TBookingContext;
  timezone: string;
}): string | undefined {
  if (type !== "UNDO_NO_SHOW" || status !== "no_show" || context.noShowAt === null) return undefined;
  const closedAt = context.noShowAt + context.noShowUndoMinutes * MINUTE;
  if (closedAt >= context.now) return undefined;
  return `The undo window closed at ${localTime(closedAt, context.now, timezone)} (restaurant time), ${context.noShowUndoMinutes} minutes after the no-show was marked; the booking stays a no-show`;
}

function allowedHint(status: BookingStatus, allowedNow: readonly TStaffEventName[]): string {
  return allowedNow.length
    ? `Allowed now: ${allowedNow.join(", ")}. Reload the booking if it changed.`
    : `A ${status} booking accepts none of your actions now; reload it if it changed.`;
}

/** `HH:MM`, with the date when it is not today in the restaurant. */
function localTime(at: number, now: number, timezone: string): string {
  const when = toZonedParts(new Date(at), timezone);
  const today = toZonedParts(new Date(now), timezone);
  const time = when.time.slice(0, 5);
  return when.date === today.date ? time : `${time} on ${when.date}`;
}
