import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope } from "../invariant-scope";
import { LIVE_PLACED_STATUSES } from "../invariant-statuses";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TSeatingPolicyBreach = {
  bookingId: string;
  reference: string;
  status: string;
  partySize: number;
  start: Date;
  /** Labels joined with "+", null when the booking has no tables at all. */
  tables: string | null;
  /** The failing check of maitre_selection_checks (capacity, connected, …), or "no_tables". */
  check: string;
  message: string;
};

/**
 * Placed bookings still to be served whose tables do not seat them within the planner policy. The rules are the
 * database's own (maitre_selection_checks: party ≤ seats ≤ party + maxOverage, the tables' minimum party, adjacency
 * of a merge with its recursive walk over table_adjacency, merge size, mergeable, one zone), read-only; only the
 * checks a manager may waive count here (maitre_waivable_checks: the policy ones — state, activity and conflicts
 * are other invariants). A waiver recorded on the assignment's history row (confirm_hold's metadata.override)
 * excuses its checks while the booking still sits at exactly those tables.
 */
export async function findSeatingPolicyBreaches(
  db: Queryable,
  filter: TInvariantFilter = {},
): Promise<TSeatingPolicyBreach[]> {
  const { rows } = await sql<TSeatingPolicyBreach>`
    with placed as (
      select b.id, b.reference, b.status, b.party_size, b.starts_at,
             array_agg(distinct a.table_id order by a.table_id) filter (where a.table_id is not null) as table_ids
        from bookings b
        left join allocations a on a.booking_id = b.id and a.kind = 'assignment'
       where b.status = any(${[...LIVE_PLACED_STATUSES]}::text[]) and ${bookingInScope(filter, "b")}
       group by b.id
    ),
    waivers as (
      select distinct on (h.booking_id) h.booking_id, h.metadata -> 'override' as override,
             array(select x::uuid from jsonb_array_elements_text(h.metadata -> 'tableIds') x order by 1) as table_ids
        from booking_state_history h
        join placed p on p.id = h.booking_id
       where h.metadata ? 'override'
       order by h.booking_id, h.version desc
    ),
    failed as (
      select p.*, c ->> 'check' as "check", c ->> 'message' as message, w.override, w.table_ids as waived_tables
        from placed p
        left join waivers w on w.booking_id = p.id
        cross join lateral jsonb_array_elements(maitre_selection_checks(p.id, p.table_ids)) c
       where p.table_ids is not null and not (c ->> 'ok')::boolean
    )
    select f.id as "bookingId", f.reference, f.status, f.party_size as "partySize", f.starts_at as "start",
           (select string_agg(t.label, '+' order by t.label) from tables t where t.id = any(f.table_ids)) as "tables",
           f."check", f.message
      from failed f
     where f."check" = any(maitre_waivable_checks(jsonb_build_object('waive', jsonb_build_array(f."check"))))
       and not coalesce(f.waived_tables = f.table_ids and f."check" = any(maitre_waivable_checks(f.override)), false)
    union all
    select p.id, p.reference, p.status, p.party_size, p.starts_at, null, 'no_tables',
           format('a %s booking has no tables', p.status)
      from placed p
     where p.table_ids is null
     order by 2, 7`.execute(db);
  return rows;
}

export const seatingPolicyInvariant: TInvariant = {
  name: "placed_bookings_seated_within_policy",
  description:
    "Every assigned, confirmed or checked-in booking has tables whose seats hold its party within the planner " +
    "policy (max overage, minimum party, merge size), merged tables connected by adjacency, unless a manager waived it.",
  async run(db, filter) {
    const rows = await findSeatingPolicyBreaches(db, filter);
    return rows.map((row) => ({
      message: `booking ${row.reference} (${row.status}, party ${row.partySize}, ${new Date(row.start).toISOString()}) at ${row.tables ?? "no tables"}: ${row.check} — ${row.message}`,
      details: row,
    }));
  },
};
