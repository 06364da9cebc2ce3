import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope } from "../invariant-scope";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TOverlappingAllocation = {
  tableId: string;
  table: string;
  bookingA: string;
  referenceA: string;
  kindA: string;
  startA: Date;
  endA: Date;
  bookingB: string;
  referenceB: string;
  kindB: string;
  startB: Date;
  endB: Date;
};

/**
 * Pairs of allocations (assignments or holds, expired or not) of one table whose windows overlap, each pair once.
 * The exclusion constraint makes this empty; a row means the constraint was bypassed or dropped. With a filter,
 * a pair is reported when either booking is in scope.
 */
export async function findOverlappingAllocations(
  db: Queryable,
  filter: TInvariantFilter = {},
): Promise<TOverlappingAllocation[]> {
  const { rows } = await sql<TOverlappingAllocation>`
    select a.table_id as "tableId", t.label as "table",
           a.booking_id as "bookingA", ba.reference as "referenceA", a.kind as "kindA",
           lower(a.during) as "startA", upper(a.during) as "endA",
           b.booking_id as "bookingB", bb.reference as "referenceB", b.kind as "kindB",
           lower(b.during) as "startB", upper(b.during) as "endB"
      from allocations a
      join allocations b on b.table_id = a.table_id and b.during && a.during and a.id < b.id
      join tables t on t.id = a.table_id
      join bookings ba on ba.id = a.booking_id
      join bookings bb on bb.id = b.booking_id
     where ${bookingInScope(filter, "ba")} or ${bookingInScope(filter, "bb")}
     order by t.label, lower(a.during)`.execute(db);
  return rows;
}

export const overlappingAllocationsInvariant: TInvariant = {
  name: "no_overlapping_allocations",
  description: "No two allocations of one table overlap in time (assignments and holds alike).",
  async run(db, filter) {
    const rows = await findOverlappingAllocations(db, filter);
    return rows.map((row) => ({
      message: `table ${row.table}: ${row.kindA} of booking ${row.referenceA} [${iso(row.startA)}, ${iso(row.endA)}) overlaps ${row.kindB} of booking ${row.referenceB} [${iso(row.startB)}, ${iso(row.endB)})`,
      details: row,
    }));
  },
};

const iso = (at: Date) => new Date(at).toISOString();
