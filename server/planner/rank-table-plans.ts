import { compareStrings } from "./compare-strings";
import { findCandidates } from "./find-candidates";
import { assertValidService, DEFAULT_NEXT_TIMES, findNextTimes } from "./find-next-times";
import { resolveRequest } from "./resolve-request";
import { DEFAULT_STRATEGIES } from "./strategies/default-strategies";
import type { TQuoteContext, TStrategy, TStrategyScorer } from "./strategies/strategy-types";
import type {
  TCompiledVenue,
  TOccupancy,
  TPartyMix,
  TPlanRequest,
  TPlanResult,
  TPlanUnit,
  TService,
  TStrategyBreakdown,
  TTablePlan,
  TTableStat,
  TUpcomingBooking,
} from "./types";

export type TRankTablePlansInput = {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TPlanRequest;
  /** Known bookings not yet placed (future fit). */
  upcoming?: readonly TUpcomingBooking[];
  /** Typical party-size shares of the service (future fit). */
  partyMix?: TPartyMix;
  /** Per-table / party-size outcomes (historical success). */
  stats?: readonly TTableStat[];
  /** Bounds and grid for `nextTimes`; without it `nextTimes` is empty. */
  service?: TService;
  nextTimesLimit?: number;
  /** Defaults to the built-in six; weights come from the venue's planner config (0 = off). */
  strategies?: readonly TStrategy[];
};

type TWeightedScorer = { name: string; weight: number; scorer: TStrategyScorer | null };

/**
 * Best plans for one party and window: filter the venue's precomputed units (capacity range, rules, availability),
 * score every candidate with the weighted strategies, and return the top `limit` with a per-strategy breakdown.
 * Deterministic: ties go to fewer tables, then less overage, then higher table priority, then table ids.
 * `diagnostics.durationMs` is the only field that varies between identical calls.
 */
export function rankTablePlans(input: TRankTablePlansInput): TPlanResult {
  const startedAt = performance.now();
  const { venue, occupancy } = input;
  const request = resolveRequest({ venue, request: input.request });
  // Checked up front so a bad service fails every call, not only the ones that happen to find no plan.
  if (input.service) assertValidService(input.service);
  const search = findCandidates({ venue, occupancy, request });
  const quote: TQuoteContext = {
    venue,
    occupancy,
    request,
    busy: search.busy,
    upcoming: input.upcoming ?? [],
    ...(input.partyMix ? { partyMix: input.partyMix } : {}),
    ...(input.stats ? { stats: input.stats } : {}),
  };
  const scorers = prepareScorers({ quote, strategies: input.strategies ?? DEFAULT_STRATEGIES });
  const { candidates } = search;
  const scores = new Float64Array(candidates.length);
  candidates.forEach((unit, i) => {
    let total = 0;
    for (const { weight, scorer } of scorers) if (scorer) total += weight * scorer.value(unit);
    scores[i] = total;
  });
  const order = candidates.map((_, i) => i);
  order.sort((a, b) =>
    compareRanked(candidates[a] as TPlanUnit, scores[a] ?? 0, candidates[b] as TPlanUnit, scores[b] ?? 0),
  );
  const plans = order
    .slice(0, request.limit)
    .map((i) => describePlan({ unit: candidates[i] as TPlanUnit, partySize: request.partySize, scorers }));
  const nextTimes =
    plans.length === 0 && input.service
      ? findNextTimes({
          venue,
          occupancy,
          request,
          service: input.service,
          limit: input.nextTimesLimit ?? DEFAULT_NEXT_TIMES,
        })
      : [];
  return {
    plans,
    nextTimes,
    diagnostics: {
      rejected: search.rejected,
      combinationsEvaluated: search.combinationsEvaluated,
      candidates: candidates.length,
      unitsTotal: venue.units.length,
      durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
    },
  };
}

function prepareScorers({
  quote,
  strategies,
}: {
  quote: TQuoteContext;
  strategies: readonly TStrategy[];
}): TWeightedScorer[] {
  const weights: Readonly<Record<string, number>> = quote.venue.weights;
  return strategies.map((strategy) => {
    const weight = weights[strategy.name] ?? 0;
    // A zero weight cannot change the ranking: skip its (possibly costly) per-quote setup.
    return { name: strategy.name, weight, scorer: weight > 0 ? strategy.prepare(quote) : null };
  });
}

function compareRanked(a: TPlanUnit, scoreA: number, b: TPlanUnit, scoreB: number): number {
  return (
    scoreB - scoreA ||
    a.tableIndices.length - b.tableIndices.length ||
    a.capacity - b.capacity ||
    b.prioritySum - a.prioritySum ||
    compareStrings(a.key, b.key)
  );
}

function describePlan({
  unit,
  partySize,
  scorers,
}: {
  unit: TPlanUnit;
  partySize: number;
  scorers: readonly TWeightedScorer[];
}): TTablePlan {
  const breakdown: Record<string, TStrategyBreakdown> = {};
  let score = 0;
  for (const { name, weight, scorer } of scorers) {
    if (!scorer) {
      breakdown[name] = { value: 0, weight, score: 0, reason: "off (weight 0)" };
      continue;
    }
    const value = scorer.value(unit);
    score += weight * value;
    breakdown[name] = { value: round(value), weight, score: round(weight * value), reason: scorer.reason(unit, value) };
  }
  return {
    tableIds: [...unit.tableIds],
    zone: unit.zone,
    capacity: unit.capacity,
    overage: unit.capacity - partySize,
    score: round(score),
    breakdown,
  };
}

/** Output only: ranking always uses full precision. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0;
}
