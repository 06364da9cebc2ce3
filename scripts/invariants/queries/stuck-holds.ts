import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope, holdSweepGraceSeconds } from "../invariant-scope";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TStuckHold = {
  /** "hold": the holds row outlived its expiry; "allocation": a hold allocation outlived its own expiry. */
  row: "hold" | "allocation";
  holdId: string | null;
  bookingId: string;
  reference: string;
  tables: string | null;
  expiresAt: Date;
  overdueSeconds: number;
};

/**
 * Holds still present longer than `holdSweepSeconds` after they expired: the sweeper (holds.sweep, every minute)
 * deletes expired holds and their allocations cascade, so such a row means the sweeper is not running or failing.
 * Hold allocations are checked on their own expiry too (one whose hold row is already reported is left out).
 */
export async function findStuckHolds(db: Queryable, filter: TInvariantFilter = {}): Promise<TStuckHold[]> {
  const grace = filter.holdSweepSeconds ?? holdSweepGraceSeconds();
  const { rows } = await sql<TStuckHold>`
    select 'hold' as "row", h.id as "holdId", b.id as "bookingId", b.reference,
           (select string_agg(t.label, '+' order by t.label) from tables t where t.id = any(h.table_ids)) as tables,
           h.expires_at as "expiresAt", extract(epoch from now() - h.expires_at)::float8 as "overdueSeconds"
      from holds h
      join bookings b on b.id = h.booking_id
     where h.expires_at + make_interval(secs => ${grace}) < now() and ${bookingInScope(filter, "b")}
    union all
    select 'allocation', a.hold_id, b.id, b.reference, t.label, a.expires_at,
           extract(epoch from now() - a.expires_at)::float8
      from allocations a
      join bookings b on b.id = a.booking_id
      left join tables t on t.id = a.table_id
     where a.kind = 'hold' and a.expires_at + make_interval(secs => ${grace}) < now()
       and not exists (select 1 from holds h where h.id = a.hold_id
                         and h.expires_at + make_interval(secs => ${grace}) < now())
       and ${bookingInScope(filter, "b")}
     order by 4, 6`.execute(db);
  return rows;
}

export const stuckHoldsInvariant: TInvariant = {
  name: "no_hold_past_expiry_and_sweep",
  description: "No hold (nor hold allocation) is alive longer than its expiry plus the sweep interval.",
  async run(db, filter) {
    const grace = filter.holdSweepSeconds ?? holdSweepGraceSeconds();
    const rows = await findStuckHolds(db, filter);
    return rows.map((row) => ({
      message: `booking ${row.reference}: ${row.row} ${row.holdId ?? ""} on ${row.tables ?? "?"} expired at ${new Date(row.expiresAt).toISOString()}, still there ${Math.round(row.overdueSeconds)} s later (sweep grace ${grace} s)`,
      details: { ...row, graceSeconds: grace },
    }));
  },
};
