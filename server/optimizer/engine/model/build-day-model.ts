import {
  buildOccupancy,
  compileVenue,
  findCapacityRange,
  isWindowFree,
  type TCompiledVenue,
  type TOccupancyInterval,
  type TPlanUnit,
} from "@/server/planner";
import { DEFAULT_OBJECTIVE, type TObjectiveCriterion, type TOptimizerBooking, type TOptimizerInput } from "../types";

/** One way to seat one movable booking: a planner unit that fits the party and avoids fixed bookings' tables. */
export type TOption = {
  unit: TPlanUnit;
  /** Spare seats: capacity − party. */
  waste: number;
  /** Tables taking part in a merge: 0 for a single table. */
  merged: number;
  /** The booking sits on exactly these tables now. */
  isCurrent: boolean;
  /** 1 when the booking prefers another zone. */
  zoneMiss: number;
  /** Options of one booking with equal objective criteria share a class (0 = best); order within is free. */
  rankClass: number;
};

export type TModelBooking = {
  index: number;
  id: string;
  partySize: number;
  start: number;
  end: number;
  fixed: boolean;
  /** Fixed bookings keep these ids verbatim (even unknown or inactive tables). */
  fixedTableIds: readonly string[] | null;
  /** A movable booking with tables now: leaving them (or being unplaced) counts as a move. */
  hadTables: boolean;
  preferredZone: string | null;
  /** Empty for fixed bookings; sorted by the objective's per-seat preferences (best first). */
  options: readonly TOption[];
};

export type TDayModel = {
  venue: TCompiledVenue;
  bookings: readonly TModelBooking[];
  objective: readonly TObjectiveCriterion[];
  /** Σ options over bookings: the MILP's column count. */
  optionCount: number;
  warnings: string[];
};

/**
 * Turn a day into (booking, unit) options. Units come from the planner's compiled venue — the one definition of a
 * structurally valid plan — filtered by party (capacity within [party, party + maxOverage], minParty) and by the
 * fixed bookings, which pre-occupy their tables. Time conflicts between movable bookings are left to the solvers.
 */
export function buildDayModel({
  venue,
  config,
  compiled,
  bookings,
  objective = DEFAULT_OBJECTIVE,
  freeze,
  keepSeated = false,
}: Pick<TOptimizerInput, "venue" | "config" | "bookings" | "objective" | "freeze" | "keepSeated"> & {
  compiled?: TCompiledVenue;
}): TDayModel {
  const compiledVenue = compiled ?? compileVenue({ venue, ...(config ? { config } : {}) });
  const warnings: string[] = [];
  const isFixed = (b: TOptimizerBooking) =>
    b.tableIds !== null && (b.fixed || (freeze !== undefined && b.start < freeze.asOf + freeze.freezeMs));
  const fixedIntervals: TOccupancyInterval[] = [];
  for (const b of bookings) {
    if (b.fixed && b.tableIds === null) warnings.push(`booking ${b.id} is fixed but has no tables: left unplaced`);
    if (!isFixed(b)) continue;
    for (const tableId of b.tableIds ?? []) {
      if (!compiledVenue.indexById.has(tableId)) warnings.push(`fixed booking ${b.id} names unknown table ${tableId}`);
      fixedIntervals.push({ tableId, start: b.start, end: b.end, bookingId: b.id });
    }
  }
  warnings.push(...findFixedOverlaps(fixedIntervals));
  const occupancy = buildOccupancy({ venue: compiledVenue, intervals: fixedIntervals });
  const rank = makeOptionRank(objective);
  let optionCount = 0;
  const modelBookings = bookings.map((b, index): TModelBooking => {
    const fixed = isFixed(b);
    const base = {
      index,
      id: b.id,
      partySize: b.partySize,
      start: b.start,
      end: b.end,
      fixed,
      fixedTableIds: fixed ? [...(b.tableIds ?? [])] : null,
      hadTables: !fixed && b.tableIds !== null,
      preferredZone: b.preferredZone ?? null,
    };
    if (fixed || b.fixed) return { ...base, options: [] };
    const current = b.tableIds === null ? null : [...b.tableIds].sort();
    const options: TOption[] = [];
    const { from, to } = findCapacityRange({ venue: compiledVenue, partySize: b.partySize });
    for (let i = from; i < to; i += 1) {
      const unit = compiledVenue.units[i] as TPlanUnit;
      if (unit.minParty > b.partySize) continue;
      const free = unit.tableIndices.every((t) =>
        isWindowFree({ busy: occupancy.busy[t] as Float64Array, start: b.start, end: b.end }),
      );
      if (!free) continue;
      options.push({
        unit,
        waste: unit.capacity - b.partySize,
        merged: unit.tableIndices.length > 1 ? unit.tableIndices.length : 0,
        isCurrent: current !== null && sameIds(current, unit.tableIds),
        zoneMiss: base.preferredZone !== null && unit.zone !== base.preferredZone ? 1 : 0,
        rankClass: 0,
      });
    }
    const kept = dropDominated(options);
    kept.sort((x, y) => rank(x, y) || x.unit.index - y.unit.index);
    kept.forEach((o, k) => {
      const previous = kept[k - 1];
      o.rankClass = previous === undefined ? 0 : previous.rankClass + (rank(previous, o) === 0 ? 0 : 1);
    });
    if (current !== null && !kept.some((o) => o.isCurrent)) {
      warnings.push(`booking ${b.id}: current tables ${current.join("+")} are not a valid plan now; re-planned`);
    }
    optionCount += kept.length;
    return { ...base, options: kept };
  });
  const criteria = objective.filter((c) => c !== "keepSeated");
  return {
    venue: compiledVenue,
    bookings: modelBookings,
    objective: keepSeated ? ["keepSeated", ...criteria] : criteria,
    optionCount,
    warnings,
  };
}

/** Order options by the objective's per-option criteria (waste, merges, moves, zone); 0 when they tie. */
function makeOptionRank(objective: readonly TObjectiveCriterion[]) {
  const keys = objective.flatMap((c): ((o: TOption) => number)[] => {
    if (c === "waste") return [(o) => o.waste];
    if (c === "merges") return [(o) => o.merged];
    if (c === "moves") return [(o) => (o.isCurrent ? 0 : 1)];
    if (c === "zone") return [(o) => o.zoneMiss];
    return [];
  });
  return (a: TOption, b: TOption): number => {
    for (const key of keys) {
      const d = key(a) - key(b);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/**
 * A merge is dominated when a proper subset of its tables is itself an option of the booking: the subset seats
 * the party with fewer seats wasted, fewer tables merged, the same zone, and frees the other tables — so no
 * optimal plan needs the merge, unless it is where the booking sits now (keeping it avoids a move). Dropping
 * these keeps the MILP small (most merges are dominated for small parties) without losing optimality.
 */
function dropDominated(options: readonly TOption[]): TOption[] {
  const keys = new Set(options.map((o) => o.unit.key));
  return options.filter((o) => {
    const ids = o.unit.tableIds;
    if (ids.length < 2 || o.isCurrent) return true;
    for (let mask = 1; mask < (1 << ids.length) - 1; mask += 1) {
      if (keys.has(ids.filter((_, i) => (mask >> i) & 1).join("+"))) return false;
    }
    return true;
  });
}

function sameIds(sorted: readonly string[], unitIds: readonly string[]): boolean {
  return sorted.length === unitIds.length && sorted.every((id, i) => id === unitIds[i]);
}

/** Fixed bookings are kept even when they collide; the collision is reported, never "repaired". */
function findFixedOverlaps(intervals: readonly TOccupancyInterval[]): string[] {
  const byTable = new Map<string, TOccupancyInterval[]>();
  for (const i of intervals) byTable.set(i.tableId, [...(byTable.get(i.tableId) ?? []), i]);
  const warnings: string[] = [];
  for (const [tableId, list] of [...byTable.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length && (sorted[j]?.start ?? 0) < (sorted[i]?.end ?? 0); j += 1) {
        warnings.push(`fixed bookings ${sorted[i]?.bookingId} and ${sorted[j]?.bookingId} overlap on table ${tableId}`);
      }
    }
  }
  return warnings;
}
