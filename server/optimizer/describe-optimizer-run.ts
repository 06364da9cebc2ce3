import type { Selectable } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { OptimizerRunsTable } from "@/server/infra/db/schema";
import type { TOptimizerMetrics } from "./engine/types";
import type { TOptimizerRunMetrics, TOptimizerRunSummary } from "./optimizer-run-schema";
import type { TOptimizerMove } from "./preview-day";

export type TOptimizerRunRow = Selectable<OptimizerRunsTable>;

/** The stored metrics as a host counts them; null while the run has none (queued, running, failed). */
export function runMetricsOf(stored: unknown, moves: number): TOptimizerRunMetrics | null {
  const m = stored as Partial<TOptimizerMetrics> | null;
  if (!m || typeof m.seatedBookings !== "number") return null;
  return {
    bookingsSeated: m.seatedBookings,
    coversSeated: m.seatedCovers ?? 0,
    seatsWasted: m.wastedSeats ?? 0,
    merges: m.mergedTables ?? 0,
    moves,
  };
}

export function runSummaryOf(row: TOptimizerRunRow, stale = false): TOptimizerRunSummary {
  const moves = (row.moves ?? []) as TOptimizerMove[];
  return {
    runId: row.id,
    restaurantId: row.restaurant_id,
    date: String(row.service_date),
    serviceId: row.service_period_id,
    status: row.status,
    version: row.version,
    solver: row.solver,
    createdAt: new Date(row.created_at).toISOString(),
    appliedAt: row.applied_at ? new Date(row.applied_at).toISOString() : null,
    baseline: runMetricsOf(row.baseline_metrics, 0),
    proposed: runMetricsOf(row.proposed_metrics, moves.length),
    moveCount: moves.length,
    stale,
  };
}

/** The fenced bookings whose version moved on since the preview (or that are gone). */
export async function findStaleBookings(
  db: Queryable,
  fence: Record<string, number>,
): Promise<Array<{ bookingId: string; reference: string }>> {
  const ids = Object.keys(fence);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("bookings")
    .select(["id", "reference", "state_version"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [{ bookingId: id, reference: "(deleted)" }];
    return row.state_version === fence[id] ? [] : [{ bookingId: id, reference: row.reference }];
  });
}
