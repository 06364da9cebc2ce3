import { sql } from "kysely";
import { findBookingStatuses } from "@/server/booking/find-booking-statuses";
import { planBookingTransition, type TBookingContext } from "@/server/booking/machine";
import { toDomainError } from "@/server/booking/map-db-error";
import { DomainError } from "@/server/errors/domain-error";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TOptimizerMetrics } from "./engine/types";
import { explainThresholdMiss, parseOptimizerSettings } from "./optimizer-settings";
import type { TOptimizerMove } from "./preview-day";

export type TApplyResult = {
  runId: string;
  status: "applied";
  moved: number;
  placed: number;
  appliedMoveIds: string[];
};

/**
 * Applies a previewed run: every move in ONE transaction (apply_optimizer_moves) with the preview's versions as
 * fence, a history row per booking with actor `optimizer`. A run whose improvement is under the restaurant's
 * threshold is refused (status rejected, with the reason); one whose bookings changed since the preview — or whose
 * tables were taken meanwhile — becomes `stale` and nothing moves.
 * `expectedRunVersion` (the run's version the caller looked at) refuses a run that changed since (STALE);
 * `moveIds` (booking ids) applies only those moves, still as ONE fenced write — refused (OPTIMIZER_MOVES_DEPENDENT)
 * when a chosen move needs a table that a left-out move would have freed. `appliedBy` names who applied it in the
 * history rows' reason (the actor stays `optimizer`, its id the run).
 */
export async function applyOptimizerRun({
  db,
  restaurantId,
  runId,
  expectedRunVersion,
  moveIds,
  appliedBy,
  now = new Date(),
}: {
  db: Db;
  restaurantId: string;
  runId: string;
  expectedRunVersion?: number;
  moveIds?: readonly string[];
  appliedBy?: string;
  now?: Date;
}): Promise<TApplyResult> {
  const run = await db.kysely
    .selectFrom("optimizer_runs as o")
    .innerJoin("restaurants as r", "r.id", "o.restaurant_id")
    .select([
      "o.id",
      "o.status",
      "o.baseline_metrics",
      "o.proposed_metrics",
      "o.moves",
      "o.plan_fence",
      "o.version",
      "r.optimizer_config",
    ])
    .where("o.id", "=", runId)
    .where("o.restaurant_id", "=", restaurantId)
    .executeTakeFirst();
  if (!run) throw new DomainError("NOT_FOUND", `optimizer run ${runId} not found`);
  if (run.status !== "previewed") {
    throw new DomainError("OPTIMIZER_RUN_CLOSED", `optimizer run ${runId} is ${run.status}`, {
      meta: { runId, status: run.status },
    });
  }
  if (expectedRunVersion !== undefined && expectedRunVersion !== run.version) {
    throw new DomainError("STALE", `optimizer run ${runId} is at version ${run.version}, not ${expectedRunVersion}`, {
      hint: "Reload the run and check its moves again before applying",
      meta: { expectedVersion: expectedRunVersion, currentVersion: run.version },
    });
  }
  const miss = explainThresholdMiss({
    baseline: run.baseline_metrics as TOptimizerMetrics,
    proposed: run.proposed_metrics as TOptimizerMetrics,
    settings: parseOptimizerSettings(run.optimizer_config),
  });
  if (miss) {
    await closeRun(db, runId, "rejected", miss);
    throw new DomainError("OPTIMIZER_BELOW_THRESHOLD", miss, { meta: { runId } });
  }
  const moves = selectMoves(run.moves as TOptimizerMove[], moveIds);
  const fence = run.plan_fence as Record<string, number>;
  try {
    await db.transaction(async (tx) => {
      const bookingIds = moves.map((m) => m.bookingId);
      await refuseChangedBookings(tx, moves, fence);
      const statuses = await findBookingStatuses(tx, bookingIds);
      const statusOf = new Map(statuses.map((s) => [s.id, s]));
      const payload = moves.map((move) => {
        const row = statusOf.get(move.bookingId);
        if (!row) throw new DomainError("STALE_VERSION", `booking ${move.reference} no longer exists`);
        const plan = planBookingTransition({
          status: row.status,
          context: optimizerContext({ now, startsAt: row.startsAt }),
          event: { type: move.change === "moved" ? "TABLES_CHANGED" : "MANUAL_ASSIGN" },
        });
        return {
          bookingId: move.bookingId,
          expectedVersion: fence[move.bookingId],
          tableIds: move.toTableIds,
          toStatus: plan.to,
          event: plan.event.type,
        };
      });
      const reason = appliedBy ? `optimizer run applied by ${appliedBy}` : "optimizer run";
      await sql`select apply_optimizer_moves(${JSON.stringify(payload)}::jsonb, ${runId}, ${reason})`.execute(tx);
      await tx
        .updateTable("optimizer_runs")
        .set({
          status: "applied",
          applied_at: sql<Date>`now()`,
          applied_moves: JSON.stringify(moves.map((m) => m.bookingId)),
        })
        .where("id", "=", runId)
        .execute();
    });
  } catch (error) {
    const domain = error instanceof DomainError ? error : toDomainError(error);
    if (domain && ["STALE_VERSION", "TABLE_CONFLICT", "INVALID_TRANSITION"].includes(domain.code)) {
      await closeRun(db, runId, "stale", domain.message);
      throw new DomainError("OPTIMIZER_RUN_STALE", `The day changed since the preview: ${domain.message}`, {
        meta: { runId, cause: domain.code, ...domain.meta },
        cause: error,
      });
    }
    throw domain ?? error;
  }
  return {
    runId,
    status: "applied",
    moved: moves.filter((m) => m.change === "moved").length,
    placed: moves.filter((m) => m.change === "placed").length,
    appliedMoveIds: moves.map((m) => m.bookingId),
  };
}

/**
 * The chosen moves (all when `moveIds` is absent). A chosen move whose new tables are, at an overlapping time,
 * the old tables of a move left out cannot be applied alone: that booking stays where it is.
 */
function selectMoves(all: TOptimizerMove[], moveIds: readonly string[] | undefined): TOptimizerMove[] {
  if (!moveIds) return all;
  const wanted = new Set(moveIds);
  const unknown = [...wanted].filter((id) => !all.some((m) => m.bookingId === id));
  if (unknown.length > 0) {
    throw new DomainError("VALIDATION_FAILED", `not moves of this run: ${unknown.join(", ")}`, {
      hint: "Choose moves from the run's list (their ids are the bookings' ids)",
      errors: [{ path: "moveIds", message: `unknown move id(s): ${unknown.join(", ")}` }],
    });
  }
  const chosen = all.filter((m) => wanted.has(m.bookingId));
  const left = all.filter((m) => !wanted.has(m.bookingId));
  const needs = chosen.flatMap((move) =>
    left
      .filter((other) => overlaps(move, other) && other.fromTableIds.some((t) => move.toTableIds.includes(t)))
      .map((other) => ({
        moveId: move.bookingId,
        reference: move.reference,
        needsMoveId: other.bookingId,
        needsReference: other.reference,
      })),
  );
  if (needs.length > 0) {
    const words = needs.map((n) => `${n.reference} needs ${n.needsReference} to move first`).join("; ");
    throw new DomainError("OPTIMIZER_MOVES_DEPENDENT", `These moves cannot be applied alone: ${words}`, {
      meta: { needs },
    });
  }
  return chosen;
}

/**
 * The chosen bookings whose version moved on since the preview, named (reference, status, versions) so the
 * caller can say what changed. apply_optimizer_moves checks the same fence again under its row locks.
 */
async function refuseChangedBookings(tx: Tx, moves: TOptimizerMove[], fence: Record<string, number>) {
  if (moves.length === 0) return;
  const rows = await tx
    .selectFrom("bookings")
    .select(["id", "reference", "status", "state_version"])
    .where(
      "id",
      "in",
      moves.map((m) => m.bookingId),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const stale = moves.flatMap((move) => {
    const row = byId.get(move.bookingId);
    const expectedVersion = fence[move.bookingId];
    if (row && row.state_version === expectedVersion) return [];
    return [
      {
        bookingId: move.bookingId,
        reference: move.reference,
        status: row?.status ?? "deleted",
        expectedVersion,
        currentVersion: row?.state_version ?? null,
      },
    ];
  });
  if (stale.length > 0) {
    const words = stale.map((s) => `${s.reference} (now ${s.status})`).join(", ");
    throw new DomainError("STALE_VERSION", `${stale.length} booking(s) changed since the preview: ${words}`, {
      meta: { stale },
    });
  }
}

function overlaps(a: TOptimizerMove, b: TOptimizerMove): boolean {
  // Runs stored before moves kept their windows: assume they overlap (the database's check decides anyway).
  if (!a.startsAt || !a.endsAt || !b.startsAt || !b.endsAt) return true;
  return Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
}

async function closeRun(db: Db, runId: string, status: "rejected" | "stale", reason: string): Promise<void> {
  await db.kysely.updateTable("optimizer_runs").set({ status, reason }).where("id", "=", runId).execute();
}

function optimizerContext({ now, startsAt }: { now: Date; startsAt: Date }): TBookingContext {
  return {
    actor: { type: "optimizer", id: "optimizer" },
    now: now.getTime(),
    startsAt: startsAt.getTime(),
    noShowAt: null,
    assignmentFailures: 0,
    maxAssignmentRetries: 5,
    noShowUndoMinutes: 0,
    checkInLeadMinutes: 0,
  };
}
