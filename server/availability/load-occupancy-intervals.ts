import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TOccupancyInterval } from "@/server/planner";

/**
 * Busy intervals (assignments and holds that are still live) of a restaurant's tables overlapping [from, to).
 * Uses the (restaurant_id, during) GiST index; holds past their expiry are left out, as writes ignore them too.
 */
export async function loadOccupancyIntervals(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: Date; to: Date },
): Promise<TOccupancyInterval[]> {
  const rows = await db
    .selectFrom("allocations")
    .select([
      "table_id",
      "booking_id",
      "kind",
      "expires_at",
      sql<Date>`lower(during)`.as("starts_at"),
      sql<Date>`upper(during)`.as("ends_at"),
    ])
    .where("restaurant_id", "=", restaurantId)
    .where(sql<boolean>`during && tstzrange(${from}, ${to}, '[)')`)
    .where((eb) => eb.or([eb("kind", "=", "assignment"), eb("expires_at", ">", sql<Date>`now()`)]))
    .execute();
  return rows.map((r) => ({
    tableId: r.table_id,
    bookingId: r.booking_id,
    kind: r.kind,
    start: new Date(r.starts_at).getTime(),
    end: new Date(r.ends_at).getTime(),
    ...(r.expires_at ? { expiresAt: new Date(r.expires_at).getTime() } : {}),
  }));
}
