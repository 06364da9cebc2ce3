import { sql } from "kysely";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TInvariant, TInvariantFilter, TInvariantReport, TInvariantResult } from "./invariant-types";
import { acceptedBookingsInvariant } from "./queries/accepted-bookings";
import { duplicateNotificationsInvariant } from "./queries/duplicate-notifications";
import { historyFollowsMachineInvariant } from "./queries/history-follows-machine";
import { inactiveTableAllocationsInvariant } from "./queries/inactive-table-allocations";
import { overlappingAllocationsInvariant } from "./queries/overlapping-allocations";
import { seatingPolicyInvariant } from "./queries/seating-policy";
import { stuckHoldsInvariant } from "./queries/stuck-holds";

export type {
  TInvariant,
  TInvariantFilter,
  TInvariantReport,
  TInvariantResult,
  TInvariantViolation,
} from "./invariant-types";

/** Every invariant, in report order (each one query, or two; see its file in ./queries). */
export const INVARIANTS: readonly TInvariant[] = [
  overlappingAllocationsInvariant,
  inactiveTableAllocationsInvariant,
  seatingPolicyInvariant,
  historyFollowsMachineInvariant,
  duplicateNotificationsInvariant,
  stuckHoldsInvariant,
  acceptedBookingsInvariant,
];

/**
 * Runs `fn` in a READ ONLY, REPEATABLE READ transaction: PostgreSQL refuses any write in it, and every query sees
 * the same snapshot (a row moved between two invariants' queries cannot show up as a violation of both or neither).
 */
export async function inReadOnlySnapshot<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    return fn(tx);
  });
}

/** Checks every invariant on one snapshot; the soak calls this in-process, the CLI prints it. */
export async function checkInvariants(db: Db, filter: TInvariantFilter = {}): Promise<TInvariantReport> {
  const started = performance.now();
  return inReadOnlySnapshot(db, async (tx) => {
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
    const results: TInvariantResult[] = [];
    for (const invariant of INVARIANTS) {
      const base = { name: invariant.name, description: invariant.description };
      const skipReason = invariant.skipReason?.(filter) ?? null;
      if (skipReason) {
        results.push({ ...base, status: "skipped", skipReason, violations: [], ms: 0 });
        continue;
      }
      const at = performance.now();
      const violations = await invariant.run(tx, filter);
      const ms = Math.round((performance.now() - at) * 10) / 10;
      results.push({ ...base, status: violations.length > 0 ? "violated" : "ok", violations, ms });
    }
    const violationCount = results.reduce((sum, r) => sum + r.violations.length, 0);
    const { accepted, ...rest } = filter;
    return {
      ok: violationCount === 0,
      checkedAt: new Date(rows[0]?.now ?? Date.now()).toISOString(),
      filter: { ...rest, accepted: accepted?.accepted.length ?? null, cancelled: accepted?.cancelled.length ?? null },
      results,
      violationCount,
      ms: Math.round(performance.now() - started),
    };
  });
}
