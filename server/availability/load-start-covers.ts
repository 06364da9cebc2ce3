import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";

/** Covers of the bookings starting at one instant (epoch ms): all sources, and online ones. */
export type TStartCovers = { start: number; covers: number; online: number };

/**
 * The covers that count against pacing caps, per start instant in [from, to), in time order: the bookings that
 * create_booking's maitre_slot_covers counts (every status but cancelled and no_show — completed ones too), read
 * through the (restaurant_id, starts_at) index. Summing them over a pacing slot gives what create_booking would
 * count for that slot now.
 */
export async function loadStartCovers(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: Date; to: Date },
): Promise<TStartCovers[]> {
  const { rows } = await sql<{ start: string | number; covers: number; online: number }>`
    select extract(epoch from starts_at) * 1000 as start, sum(party_size)::int as covers,
      coalesce(sum(party_size) filter (where source = 'online'), 0)::int as online
    from bookings
    where restaurant_id = ${restaurantId} and starts_at >= ${from} and starts_at < ${to}
      and status not in ('cancelled', 'no_show')
    group by starts_at
    order by starts_at`.execute(db);
  return rows.map((r) => ({ start: Number(r.start), covers: r.covers, online: r.online }));
}
