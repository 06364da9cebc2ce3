import type { TOccupancy, TPlanUnit } from "../types";
import type { TStrategy } from "./strategy-types";

/**
 * Keep the evening's free time in usable pieces (future fit in time, where futureFit works on tables): a booking
 * that starts when the table's previous booking ends, or ends when its next one starts, leaves the rest of the
 * table's evening whole (+1 per side); one that leaves a gap shorter than the shortest meal on the floor kills
 * that gap for every later guest (−1 per side); a long gap or an open evening is neutral. The value is the mean
 * over the plan's tables and both sides. Measured on generated evenings replayed in arrival order
 * (`npm run bench:online`), this is what lets the online assigner seat close to what a whole-day re-plan seats.
 */
export const timeFitStrategy: TStrategy = {
  name: "timeFit",
  prepare: ({ venue, occupancy, request }) => {
    const length = request.end - request.start;
    const useful = Math.min(length, shortestInterval(occupancy) ?? length);
    const sideScore = (gap: number) => (gap === 0 ? 1 : gap < useful ? -1 : 0);
    const perTable = new Float64Array(venue.tables.length);
    const computed = new Uint8Array(venue.tables.length);
    const tableValue = (index: number): number => {
      if (computed[index] === 1) return perTable[index] ?? 0;
      const { before, after } = gapsAround({
        busy: occupancy.busy[index],
        start: request.start,
        end: request.end,
      });
      const value = (sideScore(before) + sideScore(after)) / 2;
      perTable[index] = value;
      computed[index] = 1;
      return value;
    };
    const value = (unit: TPlanUnit) =>
      unit.tableIndices.reduce((sum, i) => sum + tableValue(i), 0) / unit.tableIndices.length;
    return {
      value,
      reason: (_unit, v) => {
        if (v > 0) return "fits against the tables' other bookings: their free time stays in one piece";
        if (v < 0) return "leaves a gap too short for another booking on these tables";
        return "leaves the tables' free time usable";
      },
    };
  },
};

/** Free time between the request and the table's previous / next busy interval (∞ when there is none). */
function gapsAround({ busy, start, end }: { busy: Float64Array | undefined; start: number; end: number }) {
  let before = Number.POSITIVE_INFINITY;
  let after = Number.POSITIVE_INFINITY;
  if (!busy) return { before, after };
  for (let k = 0; k < busy.length; k += 2) {
    const s = busy[k] ?? 0;
    const e = busy[k + 1] ?? 0;
    if (e <= start) before = Math.min(before, start - e);
    else if (s >= end) {
      after = s - end;
      break;
    }
  }
  return { before, after };
}

function shortestInterval(occupancy: TOccupancy): number | null {
  let shortest: number | null = null;
  for (const list of occupancy.raw) {
    for (const { start, end } of list) {
      if (shortest === null || end - start < shortest) shortest = end - start;
    }
  }
  return shortest;
}
