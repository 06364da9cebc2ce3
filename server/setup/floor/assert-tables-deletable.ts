import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TFloorPlan, TFloorPlanResponse } from "./floor-plan-schema";

/**
 * A table that seated bookings keeps its history (allocations reference it), so it cannot be deleted: it can be
 * taken out of service instead. Runs after the stranding check, so only past (or expired-hold) rows are left.
 */
export async function assertTablesDeletable(
  db: Queryable,
  { current, plan, now }: { current: TFloorPlanResponse; plan: TFloorPlan; now: Date },
): Promise<void> {
  const kept = new Set(plan.tables.map((t) => t.id));
  const removed = current.tables.filter((t) => !kept.has(t.id));
  if (removed.length === 0) return;
  const used = await db
    .selectFrom("allocations")
    .select("table_id")
    .distinct()
    .where(
      "table_id",
      "in",
      removed.map((t) => t.id),
    )
    .where((eb) => eb.or([eb("kind", "=", "assignment"), eb("expires_at", ">", now)]))
    .execute();
  if (used.length === 0) return;
  const usedIds = new Set(used.map((u) => u.table_id));
  const labels = removed.filter((t) => usedIds.has(t.id)).map((t) => t.label);
  throw new DomainError("FLOOR_PLAN_INVALID", `${labels.join(", ")} seated bookings before and cannot be deleted`, {
    hint: "Keep the table and switch off In service instead: its past bookings stay on record",
    errors: labels.map((label) => ({
      path: "tables",
      message: `${label} has past bookings on record: switch off In service instead of deleting it`,
    })),
  });
}
