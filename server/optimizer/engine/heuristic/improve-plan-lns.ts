import type { TPrng } from "../create-prng";
import type { TModelBooking } from "../model/build-day-model";
import { compareScores, UNPLACED } from "../model/compute-plan-metrics";
import { buildSearchIndex } from "./build-search-index";
import type { TPlanState } from "./create-plan-state";
import { reseatRegion } from "./reseat-region";

const MINUTE = 60_000;

/**
 * Large-neighbourhood search. Each step frees a region — a few related tables for the whole day, a wider group
 * of tables around one booking's window, or just the tables of one option an unplaced booking wants — and
 * re-seats it (see reseatRegion). The step is kept when the lexicographic objective is not worse (sideways moves
 * let the search drift across plateaus), otherwise undone. Work is bounded by `iterations`, so the result is
 * deterministic; `deadline` is only a safety net.
 */
export function improvePlanLns({
  state,
  prng,
  iterations,
  deadline,
  acceptPrefix,
}: {
  state: TPlanState;
  prng: TPrng;
  iterations: number;
  deadline: number;
  /** Compare only this many leading criteria when accepting a step (the rest may drift); all when omitted. */
  acceptPrefix?: number;
}): { iterations: number; improvements: number; best: Int32Array } {
  const { model } = state;
  const index = buildSearchIndex({ model });
  const movable = model.bookings.filter((b) => b.options.length > 0);
  let best = Int32Array.from(state.choice);
  let bestScore = state.score();
  if (movable.length === 0) return { iterations: 0, improvements: 0, best };
  const dayStart = Math.min(...movable.map((b) => b.start));
  const dayEnd = Math.max(...movable.map((b) => b.end));
  let improvements = 0;
  let done = 0;
  for (; done < iterations; done += 1) {
    if ((done & 31) === 0 && performance.now() > deadline) break;
    const before = state.score();
    const mark = state.mark();
    const unplaced = movable.filter((b) => (state.choice[b.index] ?? UNPLACED) === UNPLACED);
    const seed =
      unplaced.length > 0 && prng.next() < 0.7
        ? (unplaced[prng.int(unplaced.length)] as TModelBooking)
        : (movable[prng.int(movable.length)] as TModelBooking);
    const option = seed.options[prng.int(seed.options.length)];
    if (!option) continue;
    const kind = prng.next();
    if (kind < 0.5) {
      const tables = growRegion({ state, start: option.unit.tableIndices, size: 1 + prng.int(4), prng });
      reseatRegion({ state, index, prng, tables, from: dayStart, to: dayEnd });
    } else if (kind < 0.8) {
      const tables = growRegion({ state, start: option.unit.tableIndices, size: 3 + prng.int(7), prng });
      const from = seed.start - prng.int(7) * 15 * MINUTE;
      const to = seed.end + prng.int(7) * 15 * MINUTE;
      reseatRegion({ state, index, prng, tables, from, to });
    } else {
      reseatRegion({ state, index, prng, tables: option.unit.tableIndices, from: seed.start, to: seed.end });
    }
    const after = state.score();
    const delta = compareScores(after.slice(0, acceptPrefix), before.slice(0, acceptPrefix));
    if (delta < 0) {
      state.undo(mark);
      continue;
    }
    state.commit();
    if (compareScores(after, bestScore) > 0) {
      improvements += 1;
      bestScore = after;
      best = Int32Array.from(state.choice);
    }
  }
  return { iterations: done, improvements, best };
}

/**
 * The option's tables plus related ones: adjacent tables first (they form merges), then tables of the same zone
 * and similar size (they can swap parties), up to `size` tables.
 */
function growRegion({
  state,
  start,
  size,
  prng,
}: {
  state: TPlanState;
  start: readonly number[];
  size: number;
  prng: TPrng;
}): number[] {
  const { venue } = state.model;
  const region = [...start];
  const seen = new Set(region);
  for (let head = 0; head < region.length && region.length < size; head += 1) {
    if (prng.next() < 0.5) continue;
    for (const n of venue.neighbours[region[head] as number] ?? []) {
      if (seen.has(n) || region.length >= size || !venue.tables[n]?.active) continue;
      seen.add(n);
      region.push(n);
    }
  }
  const first = venue.tables[start[0] ?? 0];
  const similar = venue.tables.filter(
    (t) =>
      t.active &&
      !seen.has(t.index) &&
      (prng.next() < 0.3 || venue.zoneIndexOfTable[t.index] === venue.zoneIndexOfTable[first?.index ?? 0]) &&
      Math.abs(t.capacity - (first?.capacity ?? 0)) <= 2,
  );
  while (region.length < size && similar.length > 0) {
    const [t] = similar.splice(prng.int(similar.length), 1);
    if (t) region.push(t.index);
  }
  return region;
}
