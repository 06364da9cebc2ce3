import { sql } from "kysely";
import { findBookingStatuses } from "@/server/booking/find-booking-statuses";
import { planBookingTransition, type TBookingContext } from "@/server/booking/machine";
import { toDomainError } from "@/server/booking/map-db-error";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TOptimizerMetrics } from "./engine/types";
import { explainThresholdMiss, parseOptimizerSettings } from "./optimizer-settings";
import type { TOptimizerMove } from "./preview-day";

export type TApplyResult = { runId: string; status: "applied"; moved: number; placed: number };

/**
 * Applies a previewed run: every move in ONE transaction (apply_optimizer_moves) with the preview's versions as
 * fence, a history row per booking with actor `optimizer`. A run whose improvement is under the restaurant's
 * threshold is refused (status rejected, with the reason); one whose bookings changed since the preview — or whose
 * tables were taken meanwhile — becomes `stale` and nothing moves.
 */
export async function applyOptimizerRun({
  db,
  restaurantId,
  runId,
  now = new Date(),
}: {
  db: Db;
  restaurantId: string;
  runId: string;
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
      "r.optimizer_config",
    ])
    .where("o.id", "=", runId)
    .where("o.restaurant_id", "=", restaurantId)
    .executeTakeFirst();
  if (!run) throw new DomainError("NOT_FOUND", `optimizer run ${runId} not found`);
  if (run.status !== "previewed") {
    throw new DomainError("OPTIMIZER_RUN_CLOSED", `optimizer run ${runId} is ${run.status}`, {
      meta: { status: run.status },
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
  const moves = run.moves as TOptimizerMove[];
  const fence = run.plan_fence as Record<string, number>;
  try {
    await db.transaction(async (tx) => {
      const bookingIds = moves.map((m) => m.bookingId);
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
      await sql`select apply_optimizer_moves(${JSON.stringify(payload)}::jsonb, ${runId}, ${"optimizer run"})`.execute(
        tx,
      );
      await tx
        .updateTable("optimizer_runs")
        .set({ status: "applied", applied_at: sql<Date>`now()` })
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
  };
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
