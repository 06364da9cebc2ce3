import type { TStrategy } from "./strategy-types";
import { formatPercent } from "./strategy-types";

/** Outcomes needed before history counts fully: confidence = n / (n + PRIOR_WEIGHT). */
const PRIOR_WEIGHT = 10;

/**
 * Learn from past plans (assignment attempts that stuck vs. ops overrides), per table and party size. Statistics
 * for the exact party size win over table-wide ones. Per table: (2·rate − 1)·confidence with a Laplace-smoothed
 * rate, so a handful of outcomes barely moves the score; the plan's value is the mean over tables with data.
 * Neutral (0) when nothing is known.
 */
export const historicalSuccessStrategy: TStrategy = {
  name: "historicalSuccess",
  prepare: ({ venue, request, stats }) => {
    const size = venue.tables.length;
    const exact = { successes: new Float64Array(size), failures: new Float64Array(size) };
    const wide = { successes: new Float64Array(size), failures: new Float64Array(size) };
    for (const stat of stats ?? []) {
      const index = venue.indexById.get(stat.tableId);
      if (index === undefined) continue;
      const bucket = stat.partySize === undefined ? wide : stat.partySize === request.partySize ? exact : null;
      if (!bucket) continue;
      bucket.successes[index] = (bucket.successes[index] ?? 0) + Math.max(0, stat.successes);
      bucket.failures[index] = (bucket.failures[index] ?? 0) + Math.max(0, stat.failures);
    }
    const outcomes = (i: number) => {
      const useExact = (exact.successes[i] ?? 0) + (exact.failures[i] ?? 0) > 0;
      const bucket = useExact ? exact : wide;
      const successes = bucket.successes[i] ?? 0;
      return { successes, total: successes + (bucket.failures[i] ?? 0) };
    };
    const summarise = (indices: readonly number[]) => {
      let successes = 0;
      let total = 0;
      let sum = 0;
      let known = 0;
      for (const i of indices) {
        const o = outcomes(i);
        if (o.total === 0) continue;
        const rate = (o.successes + 1) / (o.total + 2);
        sum += (2 * rate - 1) * (o.total / (o.total + PRIOR_WEIGHT));
        known += 1;
        successes += o.successes;
        total += o.total;
      }
      return { value: known === 0 ? 0 : sum / known, successes, total };
    };
    return {
      value: (unit) => summarise(unit.tableIndices).value,
      reason: (unit) => {
        const { successes, total } = summarise(unit.tableIndices);
        if (total === 0) return "no history for these tables";
        return `${formatPercent(successes / total)} kept over ${total} past plan${total === 1 ? "" : "s"}`;
      },
    };
  },
};
