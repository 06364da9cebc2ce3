import type { TDayModel, TModelBooking, TOption } from "../model/build-day-model";
import type { TObjectiveCriterion } from "../types";

/**
 * Lookups the local search needs on every step, built once per model: a scalar value per (booking, option) and,
 * per planner unit, the bookings that could take it.
 */
export type TSearchIndex = {
  /** Per booking, per option: the objective gain of seating it there versus leaving it unplaced. */
  values: readonly Float64Array[];
  /** Per unit index: bookings (and their option index) that list this unit. */
  unitBookings: readonly Int32Array[];
  unitOptions: readonly Int32Array[];
  /** Per table index: units using the table. */
  unitsByTable: readonly number[][];
};

/** Per-criterion gain of an option (larger is better). */
const GAIN: Record<TObjectiveCriterion, (b: TModelBooking, o: TOption) => number> = {
  keepSeated: (b) => (b.hadTables ? 1 : 0),
  covers: (b) => b.partySize,
  bookings: () => 1,
  waste: (_b, o) => -o.waste,
  merges: (_b, o) => -o.merged,
  moves: (b, o) => (b.hadTables && o.isCurrent ? 1 : 0),
  zone: (_b, o) => -o.zoneMiss,
};

/**
 * Base 128 keeps one booking's criteria lexicographic (every per-option criterion stays below 128 except
 * covers, which leads) while six levels still fit a double exactly. Sums over several bookings are only
 * approximately lexicographic; the search's acceptance test compares the exact objective vector anyway.
 */
const BASE = 128;

export function buildSearchIndex({ model }: { model: TDayModel }): TSearchIndex {
  const scale = model.objective.map((_, i) => BASE ** (model.objective.length - 1 - i));
  const values = model.bookings.map((b) =>
    Float64Array.from(b.options, (o) =>
      model.objective.reduce((sum, c, i) => {
        const gain = GAIN[c](b, o);
        return sum + (scale[i] ?? 1) * (i === 0 ? gain : Math.max(1 - BASE, Math.min(BASE - 1, gain)));
      }, 0),
    ),
  );
  const unitCount = model.venue.units.length;
  const bookingsOf: number[][] = Array.from({ length: unitCount }, () => []);
  const optionsOf: number[][] = Array.from({ length: unitCount }, () => []);
  for (const b of model.bookings) {
    b.options.forEach((o, k) => {
      bookingsOf[o.unit.index]?.push(b.index);
      optionsOf[o.unit.index]?.push(k);
    });
  }
  const unitsByTable: number[][] = model.venue.tables.map(() => []);
  for (const unit of model.venue.units) for (const t of unit.tableIndices) unitsByTable[t]?.push(unit.index);
  return {
    values,
    unitBookings: bookingsOf.map((list) => Int32Array.from(list)),
    unitOptions: optionsOf.map((list) => Int32Array.from(list)),
    unitsByTable,
  };
}
