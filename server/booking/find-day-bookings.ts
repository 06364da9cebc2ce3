import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

/** A booking of one restaurant-day with what is on its tables now. */
export type TDayBookingRow = {
  id: string;
  reference: string;
  partySize: number;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  stateVersion: number;
  pinned: boolean;
  preferredZoneId: string | null;
  /** Tables of its assignment, ascending; empty when it has none. */
  tableIds: string[];
  /** A hold that has not expired yet is on it (staff are acting on it). */
  held: boolean;
};

/**
 * The bookings in `statuses` whose start falls on `serviceDate` in the restaurant's time zone (optionally of one
 * service period), in creation order.
 */
export async function findDayBookings(
  db: Queryable,
  {
    restaurantId,
    timezone,
    serviceDate,
    servicePeriodId,
    statuses,
  }: {
    restaurantId: string;
    timezone: string;
    serviceDate: string;
    servicePeriodId?: string | null;
    statuses: readonly BookingStatus[];
  },
): Promise<TDayBookingRow[]> {
  if (statuses.length === 0) return [];
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
    .where(sql<boolean>`(b.starts_at at time zone ${timezone})::date = ${serviceDate}::date`)
    .where("b.status", "in", [...statuses]);
  if (servicePeriodId) query = query.where("b.service_period_id", "=", servicePeriodId);
  const rows = await query.orderBy("b.created_at").orderBy("b.id").execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    partySize: r.party_size,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    status: r.status,
    stateVersion: r.state_version,
    pinned: r.pinned,
    preferredZoneId: r.preferred_zone_id,
    tableIds: r.table_ids ? [...r.table_ids] : [],
    held: r.held,
  }));
}
