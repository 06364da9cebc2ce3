"use client";

import type { TStaffMembership } from "@/server/auth/staff-session-types";
import type { TBookingContext } from "@/server/booking/machine";
import type { TStaffBookingDetail } from "@/server/booking/staff-booking-detail-schema";
import { staffAllowedEvents, type TStaffEventName } from "@/server/booking/staff-booking-events";
import { useNow } from "../ui/use-clock";

type StaffRole = TStaffMembership["role"];

/** The machine's context for this member of staff looking at the booking at `now` (as the server builds it). */
export function contextOf(
  booking: Pick<TStaffBookingDetail, "startsAt" | "lifecycle">,
  actor: { id: string; role: StaffRole },
  now: number,
): TBookingContext {
  const { lifecycle } = booking;
  return {
    actor: { type: "staff", id: actor.id, role: actor.role },
    now,
    startsAt: Date.parse(booking.startsAt),
    noShowAt: lifecycle.noShowAt ? Date.parse(lifecycle.noShowAt) : null,
    assignmentFailures: lifecycle.assignmentFailures,
    maxAssignmentRetries: lifecycle.maxAssignmentRetries,
    noShowUndoMinutes: lifecycle.noShowUndoMinutes,
    checkInLeadMinutes: lifecycle.checkInLeadMinutes,
  };
}

/**
 * The events the drawer offers: the same XState machine as the server (staffAllowedEvents), re-evaluated every
 * 30 s so "Check in" appears when its window opens without a refetch. The server's `allowedEvents` (as of
 * `fetchedAt`) stays the authority: an event is offered when the machine allows it now AND either the server
 * allowed it or the machine itself did not at the time of the fetch (a window that opened since). Where the two
 * disagree about the same moment, that is their intersection. The POST still decides.
 */
export function legalEvents({
  booking,
  actor,
  now,
  fetchedAt,
}: {
  booking: Pick<TStaffBookingDetail, "startsAt" | "lifecycle" | "status" | "allowedEvents">;
  actor: { id: string; role: StaffRole };
  now: number;
  fetchedAt: number;
}): TStaffEventName[] {
  const ask = (at: number) =>
    staffAllowedEvents({ role: actor.role, status: booking.status, context: contextOf(booking, actor, at) });
  const atFetch = new Set(ask(fetchedAt));
  const server = new Set(booking.allowedEvents);
  return ask(now).filter((event) => server.has(event) || !atFetch.has(event));
}

export function useLegalEvents(
  booking: TStaffBookingDetail | undefined,
  actor: { id: string; role: StaffRole },
  fetchedAt: number,
): TStaffEventName[] {
  const now = useNow(30_000);
  if (!booking) return [];
  return legalEvents({ booking, actor, now: Math.max(now, fetchedAt), fetchedAt });
}
