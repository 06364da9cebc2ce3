import type { TOptimizerAssignment, TOptimizerBooking, TOptimizerMetrics, TOptimizerResult } from "../types";
import type { TDayModel } from "./build-day-model";
import { computePlanMetrics, type TPlanChoice, UNPLACED } from "./compute-plan-metrics";

/** A plan as the optimizer reports it: per booking in input order, plus metrics of the plan and of the input. */
export function describePlan({
  model,
  choice,
  bookings,
}: {
  model: TDayModel;
  choice: TPlanChoice;
  bookings: readonly TOptimizerBooking[];
}): Pick<TOptimizerResult, "assignments" | "unplaced" | "bumped" | "metrics" | "baseline"> {
  const assignments: TOptimizerAssignment[] = [];
  const unplaced: string[] = [];
  const bumped: string[] = [];
  for (const b of model.bookings) {
    if (b.fixed) {
      assignments.push({ bookingId: b.id, tableIds: [...(b.fixedTableIds ?? [])], change: "fixed" });
      continue;
    }
    const option = b.options[choice[b.index] ?? UNPLACED];
    if (!option) {
      unplaced.push(b.id);
      if (b.hadTables) bumped.push(b.id);
      continue;
    }
    const change = !b.hadTables ? "placed" : option.isCurrent ? "kept" : "moved";
    assignments.push({ bookingId: b.id, tableIds: [...option.unit.tableIds], change });
  }
  return {
    assignments,
    unplaced,
    bumped,
    metrics: computePlanMetrics({ model, choice }),
    baseline: measureInputPlan({ model, bookings }),
  };
}

/** The plan as given (current tables taken at face value, even invalid or colliding ones): the "before". */
function measureInputPlan({
  model,
  bookings,
}: {
  model: TDayModel;
  bookings: readonly TOptimizerBooking[];
}): TOptimizerMetrics {
  const m = { seatedBookings: 0, seatedCovers: 0, wastedSeats: 0, mergedTables: 0, moves: 0, bumped: 0, zoneMisses: 0 };
  for (const b of bookings) {
    if (b.tableIds === null) continue;
    const tables = b.tableIds.map((id) => model.venue.tables[model.venue.indexById.get(id) ?? -1]);
    const capacity = tables.reduce((sum, t) => sum + (t?.capacity ?? 0), 0);
    m.seatedBookings += 1;
    m.seatedCovers += b.partySize;
    m.wastedSeats += Math.max(0, capacity - b.partySize);
    m.mergedTables += tables.length > 1 ? tables.length : 0;
    if (b.preferredZone && tables.some((t) => t?.zone !== b.preferredZone)) m.zoneMisses += 1;
  }
  return m;
}
