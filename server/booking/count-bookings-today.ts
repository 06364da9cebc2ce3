import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

/** Bookings starting today (in each restaurant's own zone), by restaurant and status. */
export async function countBookingsTodayByStatus(
  db: Queryable,
): Promise<Map<string, Partial<Record<BookingStatus, number>>>> {
  const { rows } = await sql<{ restaurant_id: string; status: BookingStatus; n: number }>`
    select b.restaurant_id, b.status, count(*)::int as n
    from bookings b join restaurants r on r.id = b.restaurant_id
    where (b.starts_at at time zone r.timezone)::date = (now() at time zone r.timezone)::date
    group by b.restaurant_id, b.status`.execute(db);
  const counts = new Map<string, Partial<Record<BookingStatus, number>>>();
  for (const row of rows) counts.set(row.restaurant_id, { ...counts.get(row.restaurant_id), [row.status]: row.n });
  return counts;
}
