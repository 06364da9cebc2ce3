import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource, BookingStatus } from "@/server/infra/db/schema";
import type { TOccupancyInterval } from "@/server/planner";

/** A booking that starts or runs inside the window and is still live (not cancelled, no-show or completed). */
export type TWindowBooking = {
  id: string;
  partySize: number;
  start: number;
  end: number;
  status: BookingStatus;
  /** When the booking was made (epoch ms): first come, first served among bookings still waiting for tables. */
  createdAt: number;
  source: BookingSource;
};

export type TOccupancySnapshot = { intervals: TOccupancyInterval[]; bookings: TWindowBooking[] };

type TRow = {
  intervals: Array<[string, string, NonNullable<TOccupancyInterval["kind"]>, number, number, number | null]>;
  bookings: Array<[string, number, number, number, BookingStatus, number, BookingSource]>;
};

/**
 * A restaurant's floor over [from, to) in ONE statement (one snapshot, one round trip): the busy intervals of its
 * tables (assignments, and holds still live — writes ignore expired holds too) through the (restaurant_id,
 * during) GiST index, and the live bookings overlapping the window (competing demand and the party mix).
 * Times are epoch milliseconds.
 */
export async function loadOccupancySnapshot(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: Date; to: Date },
): Promise<TOccupancySnapshot> {
  const { rows } = await sql<TRow>`
    select
      coalesce((
        select jsonb_agg(jsonb_build_array(a.table_id, a.booking_id, a.kind,
          extract(epoch from lower(a.during)) * 1000, extract(epoch from upper(a.during)) * 1000,
          extract(epoch from a.expires_at) * 1000))
        from allocations a
        where a.restaurant_id = ${restaurantId} and a.during && tstzrange(${from}, ${to}, '[)')
          and (a.kind = 'assignment' or a.expires_at > now())), '[]'::jsonb) as intervals,
      coalesce((
        select jsonb_agg(jsonb_build_array(b.id, b.party_size,
          extract(epoch from b.starts_at) * 1000, extract(epoch from b.ends_at) * 1000, b.status,
          extract(epoch from b.created_at) * 1000, b.source))
        from bookings b
        where b.restaurant_id = ${restaurantId} and b.starts_at < ${to} and b.ends_at > ${from}
          and b.status not in ('cancelled', 'no_show', 'completed')), '[]'::jsonb) as bookings`.execute(db);
  const row = rows[0] ?? { intervals: [], bookings: [] };
  return {
    intervals: row.intervals.map(([tableId, bookingId, kind, start, end, expiresAt]) => ({
      tableId,
      bookingId,
      kind,
      start: Number(start),
      end: Number(end),
      ...(expiresAt !== null ? { expiresAt: Number(expiresAt) } : {}),
    })),
    bookings: row.bookings.map(([id, partySize, start, end, status, createdAt, source]) => ({
      id,
      partySize,
      start: Number(start),
      end: Number(end),
      status,
      createdAt: Number(createdAt),
      source,
    })),
  };
}
