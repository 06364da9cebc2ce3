import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { opsEventOfRow, type TOpsEvent } from "./ops-event";

/** The events after `afterId` and those of `alsoIds` (gaps to re-check) in id order (optionally of one
 * restaurant), at most `limit`. */
export async function findOpsEventsAfter(
  db: Queryable,
  {
    afterId,
    alsoIds = [],
    restaurantId,
    limit,
  }: { afterId: number; alsoIds?: readonly number[]; restaurantId?: string; limit: number },
): Promise<TOpsEvent[]> {
  let query = db
    .selectFrom("ops_events")
    .selectAll()
    .where((eb) =>
      alsoIds.length === 0 ? eb("id", ">", afterId) : eb.or([eb("id", ">", afterId), eb("id", "in", [...alsoIds])]),
    );
  if (restaurantId) query = query.where("restaurant_id", "=", restaurantId);
  const rows = await query.orderBy("id").limit(limit).execute();
  return rows.map(opsEventOfRow);
}

/** The newest event id (0 when there is none): where a new stream starts. */
export async function findLatestOpsEventId(db: Queryable): Promise<number> {
  const row = await db.selectFrom("ops_events").select(sql<number | null>`max(id)`.as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Whether event `id` is still in the replay window: when it was pruned, never existed (the buffer is unlogged and
 * empties after a crash) or is older than the window, events after it may be lost and the client must refetch.
 */
export async function isReplayable(
  db: Queryable,
  { id, windowMs }: { id: number; windowMs: number },
): Promise<boolean> {
  const row = await db
    .selectFrom("ops_events")
    .select(sql<boolean>`created_at > now() - make_interval(secs => ${windowMs / 1000})`.as("fresh"))
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.fresh === true;
}

/** Drops events older than the replay window (every process's hub calls it every minute). */
export async function pruneOpsEvents(db: Queryable, { olderThanMs }: { olderThanMs: number }): Promise<number> {
  // By id (the primary key, walked from the oldest) up to the first fresh row: no index on created_at to maintain
  // on every insert.
  const result = await db
    .deleteFrom("ops_events")
    .where(
      "id",
      "<",
      sql<number>`coalesce((select f.id from ops_events f
        where f.created_at >= now() - make_interval(secs => ${olderThanMs / 1000}) order by f.id limit 1),
        9223372036854775807)`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
