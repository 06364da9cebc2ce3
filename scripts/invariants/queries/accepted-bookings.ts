import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import { bookingInScope, settleGraceSeconds } from "../invariant-scope";
import { TRANSIENT_STATUSES } from "../invariant-statuses";
import type { TInvariant, TInvariantFilter } from "../invariant-types";

export type TLostBooking = {
  /** "missing": no booking has the reference; "unsettled": still transient long after its last change;
   * "not_cancelled": the client's cancellation was acknowledged, yet the booking is not cancelled. */
  problem: "missing" | "unsettled" | "not_cancelled";
  reference: string;
  bookingId: string | null;
  status: string | null;
  lastChangeAt: Date | null;
};

/**
 * What the load generator saw accepted must be in the database as an outcome: present, and not still in a
 * transient status (created … assignment_in_progress) more than `settleGraceSeconds` after its last change — the
 * pipeline owes every booking an outcome: placed, manual_review (staff decide; nothing is lost) or ended. What it
 * saw cancelled must be cancelled. Found bookings outside the filter are left out; a missing one is always lost.
 */
export async function findLostBookings(db: Queryable, filter: TInvariantFilter = {}): Promise<TLostBooking[]> {
  const accepted = [...new Set(filter.accepted?.accepted.map((a) => a.reference) ?? [])];
  const cancelled = [...new Set(filter.accepted?.cancelled ?? [])];
  const grace = filter.settleGraceSeconds ?? settleGraceSeconds();
  const { rows } = await sql<TLostBooking>`
    with expected as (
      select reference, false as cancelled from unnest(${accepted}::text[]) reference
      union all
      select reference, true from unnest(${cancelled}::text[]) reference
    ),
    found as (
      select e.reference, e.cancelled, b.id, b.status, b.updated_at, ${bookingInScope(filter, "b")} as in_scope
        from expected e left join bookings b on b.reference = e.reference
    )
    select case when id is null then 'missing'
                when cancelled then 'not_cancelled'
                else 'unsettled' end as problem,
           reference, id as "bookingId", status, updated_at as "lastChangeAt"
      from found
     where id is null
        or (in_scope and cancelled and status <> 'cancelled')
        or (in_scope and not cancelled and status = any(${[...TRANSIENT_STATUSES]}::text[])
            and updated_at + make_interval(secs => ${grace}) < now())
     order by reference, problem`.execute(db);
  return rows;
}

export const acceptedBookingsInvariant: TInvariant = {
  name: "accepted_bookings_not_lost",
  description:
    "Every booking the load generator saw accepted exists and has an outcome (not transient past the settle " +
    "grace); every one it saw cancelled is cancelled.",
  skipReason: (filter) => (filter.accepted ? null : "no load report given (--accepted FILE)"),
  async run(db, filter) {
    const grace = filter.settleGraceSeconds ?? settleGraceSeconds();
    const rows = await findLostBookings(db, filter);
    return rows.map((row) => ({
      message:
        row.problem === "missing"
          ? `booking ${row.reference} was accepted but does not exist`
          : row.problem === "not_cancelled"
            ? `booking ${row.reference} was cancelled with a 2xx but is ${row.status}`
            : `booking ${row.reference} is still ${row.status} since ${new Date(row.lastChangeAt ?? 0).toISOString()} (settle grace ${grace} s)`,
      details: row,
    }));
  },
};
