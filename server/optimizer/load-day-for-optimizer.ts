import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { loadVenue, type TLoadedVenue } from "@/server/venue/load-venue";
import type { TOptimizerBooking } from "./types";

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
  let query = db
    .selectFrom("bookings as b")
    .select([
      "b.id",
      "b.reference",
      "b.party_size",
      "b.starts_at",
      "b.ends_at",
      "b.status",
      "b.state_version",
      "b.pinned",
      "b.preferred_zone_id",
      sql<string[] | null>`(select array_agg(a.table_id order by a.table_id) from allocations a
        where a.booking_id = b.id and a.kind = 'assignment')`.as("table_ids"),
      sql<boolean>`exists (select 1 from holds h where h.booking_id = b.id and h.expires_at > now())`.as("held"),
    ])
    .where("b.restaurant_id", "=", restaurantId)
    .where(sql<boolean>`(b.starts_at at time zone ${loaded.restaurant.timezone})::date = ${serviceDate}::date`)
    .where("b.status", "in", [...FIXED, ...MOVABLE, ...UNPLACED, "assignment_in_progress"]);
  if (servicePeriodId) query = query.where("b.service_period_id", "=", servicePeriodId);
  const rows = await query.orderBy("b.created_at").orderBy("b.id").execute();
  const bookings = rows.flatMap((r): TDayBooking[] => {
    const tableIds = r.table_ids && r.table_ids.length > 0 ? [...r.table_ids] : null;
    const busyElsewhere = r.status === "assignment_in_progress" || r.held;
    // A waiting booking that someone is acting on has no tables to protect: leave it out of the model.
    if (busyElsewhere && tableIds === null) return [];
    return [
      {
        id: r.id,
        reference: r.reference,
        partySize: r.party_size,
        start: new Date(r.starts_at).getTime(),
        end: new Date(r.ends_at).getTime(),
        tableIds,
        fixed: FIXED.includes(r.status) || r.pinned || busyElsewhere,
        preferredZone: r.preferred_zone_id,
        status: r.status,
        stateVersion: r.state_version,
      },
    ];
  });
  return { loaded, bookings };
}
