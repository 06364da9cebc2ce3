import { findBookingStatuses } from "@/server/booking/find-booking-statuses";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TAssignAllRunResponse } from "./assign-all-schema";
import { PLACED_STATUSES } from "./coordinator-deps";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /api/ops/assign-all/{runId}: the run with its progress counted from its bookings' statuses now. A run of a
 * restaurant outside `restaurantIds` (the caller's memberships) is NOT_FOUND, the same answer as no such run.
 */
export async function findAssignAllRun(
  db: Queryable,
  { runId, restaurantIds }: { runId: string; restaurantIds: readonly string[] },
): Promise<TAssignAllRunResponse> {
  const run =
    UUID.test(runId) && restaurantIds.length > 0
      ? await db
          .selectFrom("assign_all_runs")
          .select(["id", "restaurant_id", "service_date", "booking_ids", "created_at", "finished_at"])
          .where("id", "=", runId)
          .where("restaurant_id", "in", [...restaurantIds])
          .executeTakeFirst()
      : undefined;
  if (!run) {
    throw new DomainError("NOT_FOUND", `assign-all run ${runId} not found`, {
      hint: "Check the run id returned by POST /api/ops/assign-all; you see only your restaurants' runs",
      meta: { runId },
    });
  }
  const rows = await findBookingStatuses(db, run.booking_ids);
  const count = (statuses: readonly string[]) => rows.filter((row) => statuses.includes(row.status)).length;
  const assigned = count(PLACED_STATUSES);
  const review = count(["manual_review"]);
  const pending = count(["created", "capacity_verified", "assignment_pending", "assignment_in_progress"]);
  const total = run.booking_ids.length;
  return {
    runId: run.id,
    restaurantId: run.restaurant_id,
    date: run.service_date,
    status: run.finished_at ? "done" : "running",
    total,
    assigned,
    review,
    pending,
    other: total - assigned - review - pending,
    startedAt: new Date(run.created_at).toISOString(),
    ...(run.finished_at ? { finishedAt: new Date(run.finished_at).toISOString() } : {}),
  };
}
