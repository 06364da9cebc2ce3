import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { findStaleBookings, runSummaryOf, type TOptimizerRunRow } from "./describe-optimizer-run";
import type { TOptimizerMetrics } from "./engine/types";
import type { TOptimizerRunResponse } from "./optimizer-run-schema";
import { explainThresholdMiss, parseOptimizerSettings } from "./optimizer-settings";
import type { TOptimizerMove } from "./preview-day";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run's row, or NOT_FOUND (also for a malformed id). The caller authorises on its restaurant_id. */
export async function findOptimizerRunRow(db: Queryable, runId: string): Promise<TOptimizerRunRow> {
  const row = UUID.test(runId)
    ? await db.selectFrom("optimizer_runs").selectAll().where("id", "=", runId).executeTakeFirst()
    : undefined;
  if (!row) {
    throw new DomainError("NOT_FOUND", `optimizer run ${runId} not found`, {
      hint: "Check the run id returned by POST /api/ops/optimizer/runs; you see only your restaurants' runs",
      meta: { runId },
    });
  }
  return row;
}

/**
 * GET /api/ops/optimizer/runs/{id}: the run with its moves in words (guest, party, from and to tables by name,
 * time), whether it went stale (a fenced booking's version moved on since the preview) and whether it clears the
 * restaurant's threshold.
 */
export async function describeOptimizerRun(db: Queryable, row: TOptimizerRunRow): Promise<TOptimizerRunResponse> {
  const moves = (row.moves ?? []) as TOptimizerMove[];
  const tableIds = [...new Set(moves.flatMap((m) => [...m.fromTableIds, ...m.toTableIds]))];
  const [tables, bookings, restaurant] = await Promise.all([
    tableIds.length
      ? db.selectFrom("tables").select(["id", "label"]).where("id", "in", tableIds).execute()
      : Promise.resolve([]),
    moves.length
      ? db
          .selectFrom("bookings")
          .select(["id", "guest_name", "starts_at", "ends_at"])
          .where(
            "id",
            "in",
            moves.map((m) => m.bookingId),
          )
          .execute()
      : Promise.resolve([]),
    db.selectFrom("restaurants").select("optimizer_config").where("id", "=", row.restaurant_id).executeTakeFirst(),
  ]);
  const labelOf = new Map(tables.map((t) => [t.id, t.label]));
  const bookingOf = new Map(bookings.map((b) => [b.id, b]));
  const ref = (id: string) => ({ id, name: labelOf.get(id) ?? "(removed table)" });
  const previewed = row.status === "previewed";
  const staleBookings = previewed ? await findStaleBookings(db, row.plan_fence as Record<string, number>) : [];
  const proposed = row.proposed_metrics as Partial<TOptimizerMetrics> & {
    optimal?: boolean;
    gap?: number;
    durationMs?: number;
  };
  const summary = runSummaryOf(row, staleBookings.length > 0);
  const belowThreshold =
    previewed && summary.baseline && summary.proposed
      ? explainThresholdMiss({
          baseline: row.baseline_metrics as TOptimizerMetrics,
          proposed: row.proposed_metrics as TOptimizerMetrics,
          settings: parseOptimizerSettings(restaurant?.optimizer_config),
        })
      : null;
  return {
    ...summary,
    optimal: typeof proposed.optimal === "boolean" ? proposed.optimal : null,
    gap: typeof proposed.gap === "number" ? proposed.gap : null,
    durationMs: typeof proposed.durationMs === "number" ? proposed.durationMs : null,
    reason: row.reason,
    stale: staleBookings.length > 0,
    staleBookings,
    belowThreshold,
    moves: moves.map((m) => {
      const booking = bookingOf.get(m.bookingId);
      const startsAt = booking ? new Date(booking.starts_at).toISOString() : (m.startsAt ?? null);
      const endsAt = booking ? new Date(booking.ends_at).toISOString() : (m.endsAt ?? null);
      return {
        id: m.bookingId,
        bookingId: m.bookingId,
        reference: m.reference,
        guestName: booking?.guest_name ?? "(booking removed)",
        partySize: m.partySize,
        change: m.change,
        fromTables: m.fromTableIds.map(ref),
        toTables: m.toTableIds.map(ref),
        startsAt,
        endsAt,
      };
    }),
    appliedMoveIds: row.applied_moves ?? null,
  };
}
