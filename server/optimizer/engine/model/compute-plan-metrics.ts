import type { TObjectiveCriterion, TOptimizerMetrics } from "../types";
import type { TDayModel } from "./build-day-model";

/** A plan: per booking, the index of its chosen option, or -1 (unplaced; fixed bookings always read -1). */
export type TPlanChoice = Int32Array;

export const UNPLACED = -1;

/** Metrics of a plan, fixed bookings included (they sit on their tables whatever the solver does). */
export function computePlanMetrics({ model, choice }: { model: TDayModel; choice: TPlanChoice }): TOptimizerMetrics {
  const m = { seatedBookings: 0, seatedCovers: 0, wastedSeats: 0, mergedTables: 0, moves: 0, bumped: 0, zoneMisses: 0 };
  for (const b of model.bookings) {
    if (b.fixed) {
      const tables = (b.fixedTableIds ?? []).map((id) => model.venue.tables[model.venue.indexById.get(id) ?? -1]);
      const capacity = tables.reduce((sum, t) => sum + (t?.capacity ?? 0), 0);
      m.seatedBookings += 1;
      m.seatedCovers += b.partySize;
      m.wastedSeats += Math.max(0, capacity - b.partySize);
      m.mergedTables += tables.length > 1 ? tables.length : 0;
      if (b.preferredZone !== null && tables.some((t) => t?.zone !== b.preferredZone)) m.zoneMisses += 1;
      continue;
    }
    const option = b.options[choice[b.index] ?? UNPLACED];
    if (option === undefined) {
      if (b.hadTables) {
        m.moves += 1;
        m.bumped += 1;
      }
      continue;
    }
    m.seatedBookings += 1;
    m.seatedCovers += b.partySize;
    m.wastedSeats += option.waste;
    m.mergedTables += option.merged;
    m.zoneMisses += option.zoneMiss;
    if (b.hadTables && !option.isCurrent) m.moves += 1;
  }
  return m;
}

const VALUE_OF: Record<TObjectiveCriterion, (m: TOptimizerMetrics) => number> = {
  keepSeated: (m) => -m.bumped,
  covers: (m) => m.seatedCovers,
  bookings: (m) => m.seatedBookings,
  waste: (m) => -m.wastedSeats,
  merges: (m) => -m.mergedTables,
  moves: (m) => -m.moves,
  zone: (m) => -m.zoneMisses,
};

/** The objective as a vector where larger is better, in lexicographic order. */
export function scoreMetrics({
  metrics,
  objective,
}: {
  metrics: TOptimizerMetrics;
  objective: readonly TObjectiveCriterion[];
}): number[] {
  return objective.map((c) => VALUE_OF[c](metrics));
}

/** > 0 when `a` is lexicographically better than `b`. */
export function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
