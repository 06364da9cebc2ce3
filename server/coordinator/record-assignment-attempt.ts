import type { Insertable } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { AssignmentAttemptsTable, AttemptOutcome, AttemptTrigger } from "@/server/infra/db/schema";
import type { Logger } from "@/server/infra/telemetry/logger";
import { recordAssignmentAttempt } from "@/server/infra/telemetry/metrics";
import type { TPlanDiagnostics } from "@/server/planner";

export type TAttemptRecord = {
  restaurantId: string;
  bookingId: string;
  trigger: AttemptTrigger;
  attempt: number;
  outcome: AttemptOutcome;
  reasonCode: string | null;
  durationMs: number;
  tableIds?: readonly string[];
  strategy?: string | null;
  diagnostics?: TPlanDiagnostics | null;
  extra?: Record<string, unknown>;
};

/**
 * Durable telemetry for one assignment attempt: an assignment_attempts row (the ops "why" trail and the
 * historical-success statistics), an `auto_assign.quote` log line and the attempt counter.
 */
export async function recordAttempt(db: Queryable, log: Logger, record: TAttemptRecord): Promise<void> {
  await db.insertInto("assignment_attempts").values(attemptRow(record)).execute();
  reportAttempt(log, record);
}

/** The assignment_attempts row for an attempt (a commit writes it with its own statement: see commitAssignment). */
export function attemptRow(record: TAttemptRecord): Insertable<AssignmentAttemptsTable> {
  return {
    restaurant_id: record.restaurantId,
    booking_id: record.bookingId,
    trigger: record.trigger,
    attempt: record.attempt,
    strategy: record.strategy ?? null,
    outcome: record.outcome,
    reason_code: record.reasonCode,
    duration_ms: record.durationMs,
    planner_stats: JSON.stringify({
      ...(record.diagnostics
        ? {
            rejected: record.diagnostics.rejected,
            combinationsEvaluated: record.diagnostics.combinationsEvaluated,
            candidates: record.diagnostics.candidates,
            plannerMs: record.diagnostics.durationMs,
          }
        : {}),
      ...record.extra,
    }),
    table_ids: [...(record.tableIds ?? [])],
  };
}

/** The attempt's `auto_assign.quote` log line and counter (once its row is durable). */
export function reportAttempt(log: Logger, record: TAttemptRecord): void {
  recordAssignmentAttempt({ outcome: record.outcome, trigger: record.trigger });
  log.info(
    {
      event: "auto_assign.quote",
      bookingId: record.bookingId,
      restaurantId: record.restaurantId,
      trigger: record.trigger,
      attempt: record.attempt,
      success: record.outcome === "assigned",
      outcome: record.outcome,
      reason: record.reasonCode,
      strategy: record.strategy ?? null,
      durationMs: Math.round(record.durationMs * 100) / 100,
      tableIds: record.tableIds ?? [],
    },
    "auto_assign.quote",
  );
}
