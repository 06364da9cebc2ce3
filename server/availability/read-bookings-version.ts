import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TBookingsVersion } from "./bookable-times-cache";

/**
 * The restaurant's bookings version in one statement: its newest ops_events id (statement-level triggers add a
 * row on every change to its bookings, holds and allocations; one probe of the (restaurant_id, id) index), the
 * database's start time, the transactions in flight now, and how many of `watch` (the in-flight ids a cached entry
 * was computed under) have committed since — such a transaction may have written an event below the newest id.
 * A transaction too old for its status to be kept (null), or one this server has not issued yet, counts as
 * committed: the entry is then computed again.
 */
export async function readBookingsVersion(
  db: Queryable,
  { restaurantId, watch }: { restaurantId: string; watch: readonly string[] },
): Promise<{ version: TBookingsVersion; committedSince: number }> {
  const { rows } = await sql<{
    eventId: string | null;
    startedAt: string;
    inFlight: string[];
    committedSince: number;
  }>`
    select
      (select max(id) from ops_events where restaurant_id = ${restaurantId})::text as "eventId",
      pg_postmaster_start_time()::text as "startedAt",
      array(select x::text from pg_snapshot_xip(pg_current_snapshot()) x) as "inFlight",
      (select count(*) from unnest(${[...watch]}::xid8[]) w
        where case
          -- Not issued yet on this server (the entry came from another one after a failover): changed.
          when w >= pg_snapshot_xmax(pg_current_snapshot()) then true
          else coalesce(pg_xact_status(w) not in ('in progress', 'aborted'), true)
        end)::int as "committedSince"`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("readBookingsVersion: no row");
  return {
    version: { eventId: row.eventId, startedAt: row.startedAt, inFlight: row.inFlight },
    committedSince: row.committedSince,
  };
}
