import { findDayBookings } from "@/server/booking/find-day-bookings";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { loadVenue, type TLoadedVenue } from "@/server/venue/load-venue";
import type { TOptimizerBooking } from "./engine/types";

export type TDayBooking = TOptimizerBooking & { status: BookingStatus; stateVersion: number; reference: string };
export type TLoadedDay = { loaded: TLoadedVenue; bookings: TDayBooking[] };

// Seated and past-seated parties keep their tables; the optimizer may move placed ones and place waiting ones.
const FIXED: readonly BookingStatus[] = ["checked_in", "completed", "no_show"];
const MOVABLE: readonly BookingStatus[] = ["assigned", "confirmed"];
const UNPLACED: readonly BookingStatus[] = ["assignment_pending", "manual_review"];

/**
 * A restaurant-day (its local date, optionally one service period) as the optimizer's input: every booking that
 * holds or wants tables, with its current tables. Bookings with a live staff hold or an assignment in progress
 * are fixed where they stand (staff or the coordinator are acting on them right now).
 */
export async function loadDayForOptimizer(
  db: Queryable,
  {
    restaurantId,
    serviceDate,
    servicePeriodId,
  }: { restaurantId: string; serviceDate: string; servicePeriodId?: string | null },
): Promise<TLoadedDay> {
  const loaded = await loadVenue(db, { restaurantId });
  const rows = await findDayBookings(db, {
    restaurantId,
    timezone: loaded.restaurant.timezone,
    serviceDate,
    servicePeriodId,
    statuses: [...FIXED, ...MOVABLE, ...UNPLACED, "assignment_in_progress"],
  });
  const bookings = rows.flatMap((r): TDayBooking[] => {
    const tableIds = r.tableIds.length > 0 ? r.tableIds : null;
    const busyElsewhere = r.status === "assignment_in_progress" || r.held;
    // A waiting booking that someone is acting on has no tables to protect: leave it out of the model.
    if (busyElsewhere && tableIds === null) return [];
    return [
      {
        id: r.id,
        reference: r.reference,
        partySize: r.partySize,
        start: r.startsAt.getTime(),
        end: r.endsAt.getTime(),
        tableIds,
        fixed: FIXED.includes(r.status) || r.pinned || busyElsewhere,
        preferredZone: r.preferredZoneId,
        status: r.status,
        stateVersion: r.stateVersion,
      },
    ];
  });
  return { loaded, bookings };
}
