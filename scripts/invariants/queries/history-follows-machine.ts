import { sql } from "kysely";
import { BOOKING_MACHINE_EDGES } from "@/server/booking/machine";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope } from "../invariant-scope";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type THistoryProblem =
  /** A history row whose from → to is no edge of the machine (or version 0 is not "→ created"). */
  | "not_a_machine_edge"
  /** A row's from-status is not the previous row's to-status, or a version is skipped: a change left no row. */
  | "broken_chain"
  /** The last row's version is not the booking's state_version: its latest changes left no row (or none at all). */
  | "missing_rows"
  /** The booking's status is not the to-status of its last history row. */
  | "status_mismatch";

export type THistoryBreach = {
  problem: THistoryProblem;
  bookingId: string;
  reference: string;
  status: string;
  stateVersion: number;
  version: number | null;
  from: string | null;
  to: string | null;
  event: string | null;
  at: Date | null;
};

/**
 * Bookings whose status history breaks the lifecycle: every change bumps state_version and writes the row of that
 * version (maitre_apply_transition), so versions 0…state_version must all exist, chain from → to without a gap,
 * start with the creation (null → created), follow edges of the machine (BOOKING_MACHINE_EDGES, read from
 * server/booking/machine.ts: self-transitions included) and end in the booking's current status.
 */
export async function findHistoryBreaches(db: Queryable, filter: TInvariantFilter = {}): Promise<THistoryBreach[]> {
  const edges = BOOKING_MACHINE_EDGES.map(([from, to]) => `${from}>${to}`);
  const { rows } = await sql<THistoryBreach>`
    with scoped as (
      select b.id, b.reference, b.status, b.state_version from bookings b where ${bookingInScope(filter, "b")}
    ),
    rows as (
      select s.id, s.reference, s.status, s.state_version, h.version, h.from_status, h.to_status, h.event, h.at,
             lag(h.to_status) over w as prev_to, lag(h.version) over w as prev_version,
             row_number() over (partition by h.booking_id order by h.version desc) as from_last
        from scoped s join booking_state_history h on h.booking_id = s.id
      window w as (partition by h.booking_id order by h.version)
    ),
    problems as (
      select case
               when version = 0 then case when from_status is null and to_status = 'created' then null
                                          else 'not_a_machine_edge' end
               when prev_version is distinct from version - 1 or from_status is distinct from prev_to
                 then 'broken_chain'
               when not (from_status || '>' || to_status = any(${edges}::text[])) then 'not_a_machine_edge'
             end as problem, r.*
        from rows r
      union all
      select case when r.to_status is distinct from r.status then 'status_mismatch' end, r.*
        from rows r where r.from_last = 1
      union all
      select 'missing_rows', s.id, s.reference, s.status, s.state_version, last.version, last.from_status,
             last.to_status, last.event, last.at, null, null, null
        from scoped s
        left join lateral (select max(version) as version from booking_state_history h where h.booking_id = s.id) m
          on true
        left join rows last on last.id = s.id and last.from_last = 1
       where m.version is distinct from s.state_version
    )
    select problem, id as "bookingId", reference, status, state_version as "stateVersion", version,
           from_status as "from", to_status as "to", event, at
      from problems where problem is not null
     order by reference, version, problem`.execute(db);
  return rows;
}

export const historyFollowsMachineInvariant: TInvariant = {
  name: "history_follows_machine",
  description:
    "Every status change has its history row (versions 0…state_version, chained), each row's from → to is a " +
    "transition of the lifecycle machine, and the booking's status is its last row's to-status.",
  async run(db, filter) {
    const rows = await findHistoryBreaches(db, filter);
    return rows.map((row) => ({
      message: `booking ${row.reference} (${row.status}, version ${row.stateVersion}): ${row.problem.replaceAll("_", " ")} at history version ${row.version ?? "none"} (${row.from ?? "∅"} → ${row.to ?? "∅"}${row.event ? ` by ${row.event}` : ""})`,
      details: row,
    }));
  },
};
