import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope } from "../invariant-scope";
import { LIVE_PLACED_STATUSES } from "../invariant-statuses";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TInactiveTableAllocation = {
  allocationId: string;
  kind: string;
  tableId: string;
  /** null: the table row is gone. */
  table: string | null;
  bookingId: string;
  reference: string;
  status: string;
  start: Date;
  end: Date;
};

/**
 * Live allocations on a table that is out of service (inactive) or gone: assignments of bookings still to be
 * served (LIVE_PLACED_STATUSES) and holds that have not expired. A finished booking keeps its allocation as
 * history, so retiring a table afterwards is not a violation (the floor editor refuses to strand live ones).
 */
export async function findInactiveTableAllocations(
  db: Queryable,
  filter: TInvariantFilter = {},
): Promise<TInactiveTableAllocation[]> {
  const { rows } = await sql<TInactiveTableAllocation>`
    select a.id as "allocationId", a.kind, a.table_id as "tableId", t.label as "table", b.id as "bookingId",
           b.reference, b.status, lower(a.during) as "start", upper(a.during) as "end"
      from allocations a
      join bookings b on b.id = a.booking_id
      left join tables t on t.id = a.table_id
     where (t.id is null or not t.active)
       and ((a.kind = 'assignment' and b.status = any(${[...LIVE_PLACED_STATUSES]}::text[]))
            or (a.kind = 'hold' and a.expires_at > now()))
       and ${bookingInScope(filter, "b")}
     order by b.reference, t.label`.execute(db);
  return rows;
}

export const inactiveTableAllocationsInvariant: TInvariant = {
  name: "no_allocation_on_inactive_table",
  description: "No live assignment or unexpired hold sits on an inactive (out of service) or deleted table.",
  async run(db, filter) {
    const rows = await findInactiveTableAllocations(db, filter);
    return rows.map((row) => ({
      message: `booking ${row.reference} (${row.status}) has a ${row.kind} on ${row.table === null ? `deleted table ${row.tableId}` : `inactive table ${row.table}`} for [${new Date(row.start).toISOString()}, ${new Date(row.end).toISOString()})`,
      details: row,
    }));
  },
};
