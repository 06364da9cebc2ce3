import type { TFloorNames } from "@/server/availability/load-floor-names";
import type { TRejectionCounts, TTablePlan } from "@/server/planner";
import type { TNoPlanReason, TTablePlanResponse } from "./table-plan-schema";

/** A planner plan with the names staff read (a table deleted meanwhile keeps its id as its name). */
export function describeTablePlan(plan: TTablePlan, names: TFloorNames): TTablePlanResponse {
  return {
    tableIds: [...plan.tableIds],
    tables: plan.tableIds.map((id) => ({ id, name: names.tables.get(id) ?? id })),
    seats: plan.capacity,
    spareSeats: plan.overage,
    zone: plan.zone === null ? null : { id: plan.zone, name: names.zones.get(plan.zone) ?? plan.zone },
    score: plan.score,
    breakdown: plan.breakdown,
  };
}

// Each rejection reason as people say it, for the sentence that explains an empty plan list.
const REJECTION_WORDS: Readonly<Record<keyof TRejectionCounts, string>> = {
  busy: "taken (booked or held) at that time",
  capacity: "too small for the party (or its minimum party is larger)",
  overage: "too large (more spare seats than the restaurant allows)",
  zone: "in another zone",
  avoided: "left out on request",
  not_online: "not bookable online",
  inactive: "out of service",
  not_mergeable: "fixed, or a merge of more tables than allowed",
  not_adjacent: "with no free neighbour to merge with",
};

/**
 * Why the planner found nothing, in words: the party and the counts of tables and merges ruled out per reason,
 * largest first (the planner's diagnostics say which rule each one failed first).
 */
export function describeNoPlan({
  partySize,
  rejected,
  reservedForEarlier = 0,
}: {
  partySize: number;
  rejected: Partial<TRejectionCounts>;
  reservedForEarlier?: number;
}): TNoPlanReason {
  const parts = (Object.keys(REJECTION_WORDS) as (keyof TRejectionCounts)[])
    .map((reason) => ({ reason, count: rejected[reason] ?? 0 }))
    .filter(({ count }) => count > 0)
    .sort((a, b) => b.count - a.count)
    .map(({ reason, count }) => `${count} ${REJECTION_WORDS[reason]}`);
  const why = parts.length > 0 ? `: ${parts.join("; ")}` : "";
  const waiting =
    reservedForEarlier > 0
      ? ` (${reservedForEarlier} earlier booking(s) still waiting for tables were served first)`
      : "";
  return {
    code: "NO_PLAN",
    message: `No table or allowed merge seats a party of ${partySize} for its whole time${why}${waiting}.`,
  };
}
