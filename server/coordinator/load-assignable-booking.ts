import { findAssignableBooking, type TAssignableBookingRecord } from "@/server/booking/find-assignable-booking";
import type { TBookingSeen } from "@/server/booking/load-booking-for-transition";
import type { TBookingRules } from "@/server/booking/load-booking-rules";
import { periodsOnDate } from "@/server/booking/periods-on-date";
import type { Queryable } from "@/server/infra/db/open-db";
import type { Booking, BookingStatus } from "@/server/infra/db/schema";
import { toZonedParts } from "@/server/time/zoned-time";
import { type TVenueSettings, venueSettingsOf, venueSettingsOfRules } from "@/server/venue/get-compiled-venue";
import type { TAssignableBooking, TPlanningContext } from "./plan-booking-tables";

export type TAssignableBookingRow = TAssignableBooking & {
  status: BookingStatus;
  stateVersion: number;
  assignmentFailures: number;
  autoConfirm: boolean;
  /** The row as the machine reads it, at stateVersion: the claim and the commit act on it without re-reading. */
  seen: TBookingSeen;
  /** The restaurant settings and the seating window as read with the booking: the first plan's snapshot. */
  planning: TPlanningContext;
};

/** The booking as the coordinator needs it (unlocked read: every write re-checks under the row lock). */
export async function loadAssignableBooking(db: Queryable, bookingId: string): Promise<TAssignableBookingRow | null> {
  const row = await findAssignableBooking(db, bookingId);
  return row ? assignableFromRecord(row) : null;
}

/** The booking as the coordinator needs it, from a findAssignableBooking row the caller already read. */
export function assignableFromRecord(row: TAssignableBookingRecord): TAssignableBookingRow {
  return assignableBookingOf(row, {
    settings: venueSettingsOf({ ...row, id: row.restaurant_id }),
    period:
      row.opens_at !== null && row.last_seating_at !== null
        ? { opensAt: row.opens_at, lastSeatingAt: row.last_seating_at }
        : null,
    noShowUndoMinutes: row.no_show_undo_minutes,
    checkInLeadMinutes: row.check_in_lead_minutes,
  });
}

/** A booking createBooking has just committed, from its row and the rules it was checked against: no read. */
export function assignableFromCreated({ row, rules }: { row: Booking; rules: TBookingRules }): TAssignableBookingRow {
  // The hours that apply on the booking's date: a date exception's special hours replace the weekly ones.
  const { date } = toZonedParts(new Date(row.starts_at), rules.timezone);
  const period = periodsOnDate(rules, date).find((p) => p.id === row.service_period_id);
  return assignableBookingOf(row, {
    settings: venueSettingsOfRules(rules),
    period: period ? { opensAt: period.opensAt, lastSeatingAt: period.lastSeatingAt } : null,
    noShowUndoMinutes: rules.noShowUndoMinutes,
    checkInLeadMinutes: rules.checkInLeadMinutes,
  });
}

function assignableBookingOf(
  row: Booking,
  restaurant: TPlanningContext & { settings: TVenueSettings; noShowUndoMinutes: number; checkInLeadMinutes: number },
): TAssignableBookingRow {
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    partySize: row.party_size,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    source: row.source,
    preferredZoneId: row.preferred_zone_id,
    servicePeriodId: row.service_period_id,
    status: row.status,
    stateVersion: row.state_version,
    assignmentFailures: row.assignment_failures,
    autoConfirm: restaurant.settings.autoConfirm,
    seen: {
      id: row.id,
      restaurant_id: row.restaurant_id,
      reference: row.reference,
      status: row.status,
      state_version: row.state_version,
      starts_at: new Date(row.starts_at),
      assignment_failures: row.assignment_failures,
      no_show_undo_minutes: restaurant.noShowUndoMinutes,
      check_in_lead_minutes: restaurant.checkInLeadMinutes,
    },
    planning: { settings: restaurant.settings, period: restaurant.period },
  };
}
