import type { TDayModel, TModelBooking, TOption } from "../model/build-day-model";
import type { TObjectiveCriterion } from "../types";

/**
 * Largest spread (max − min) of one level's combined integer objective. Within it, a weighted sum is still
 * solved exactly: HiGHS works in doubles with ~1e-7 relative tolerances, so beyond ~1e7 a one-unit difference of
 * the last criterion could be lost in tolerance. Criteria that do not fit start the next level.
 */
export const MAX_LEVEL_SPREAD = 10_000_000;

/**
 * Criteria solved as a level of their own. Covers are the headline (the bound and the gap are about them): alone,
 * branch-and-bound only has to prove the best number of covers, not also the best number of bookings among the
 * many plans that tie on covers — on the 60-table overbooked benchmark evening, 3 s instead of more than 30 s.
 */
const STANDS_ALONE: ReadonlySet<TObjectiveCriterion> = new Set(["covers"]);

/** Cost of one criterion for one booking when unplaced (v0) and per option; minimisation, smaller is better. */
const CRITERIA: Record<TObjectiveCriterion, { unplaced: (b: TModelBooking) => number; option: TValueOf }> = {
  keepSeated: { unplaced: (b) => (b.hadTables ? 1 : 0), option: () => 0 },
  covers: { unplaced: () => 0, option: (b) => -b.partySize },
  bookings: { unplaced: () => 0, option: () => -1 },
  waste: { unplaced: () => 0, option: (_b, o) => o.waste },
  merges: { unplaced: () => 0, option: (_b, o) => o.merged },
  moves: { unplaced: (b) => (b.hadTables ? 1 : 0), option: (b, o) => (b.hadTables && !o.isCurrent ? 1 : 0) },
  zone: { unplaced: () => 0, option: (_b, o) => o.zoneMiss },
};
type TValueOf = (b: TModelBooking, o: TOption) => number;

export type TObjectiveLevel = {
  criteria: TObjectiveCriterion[];
  /** Integer weight per criterion: each exceeds the whole spread of the criteria after it (exact lexicographic). */
  weights: number[];
  /** Per column: weighted cost relative to leaving the booking unplaced (so "all unplaced" costs 0). */
  costs: Float64Array;
  /** Range of each criterion's total cost, relative to "all unplaced". */
  lows: number[];
  highs: number[];
};

/**
 * Lexicographic objective as a short list of weighted levels, solved one after another (each later level keeps
 * the earlier levels at their optimum through a constraint). Consecutive criteria share a level whenever exact
 * integer weights fit MAX_LEVEL_SPREAD — typically covers alone (STANDS_ALONE), then bookings+waste+merges, then
 * moves+zone — so a six-criterion objective costs about three MILP solves instead of six, and no weight is ever
 * large enough to blur a criterion. Criteria that cannot vary in this model (spread 0) are dropped.
 */
export function buildObjectiveLevels({
  model,
  colCount,
  maxSpread = MAX_LEVEL_SPREAD,
}: {
  model: TDayModel;
  colCount: number;
  maxSpread?: number;
}): TObjectiveLevel[] {
  const columns = model.objective.map((criterion) => describeCriterion({ model, criterion, colCount }));
  const useful = columns.filter((c) => c.high > c.low);
  const levels: TObjectiveLevel[] = [];
  let current: typeof useful = [];
  for (const column of useful) {
    const candidate = [...current, column];
    const alone = STANDS_ALONE.has(column.criterion) || current.some((c) => STANDS_ALONE.has(c.criterion));
    if (current.length > 0 && (alone || spreadOf(weigh(candidate), candidate) > maxSpread)) {
      levels.push(toLevel(current, colCount));
      current = [column];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) levels.push(toLevel(current, colCount));
  return levels;
}

type TCriterionColumn = { criterion: TObjectiveCriterion; costs: Float64Array; low: number; high: number };

function describeCriterion({
  model,
  criterion,
  colCount,
}: {
  model: TDayModel;
  criterion: TObjectiveCriterion;
  colCount: number;
}): TCriterionColumn {
  const spec = CRITERIA[criterion];
  const costs = new Float64Array(colCount);
  let col = 0;
  let low = 0;
  let high = 0;
  for (const b of model.bookings) {
    const v0 = spec.unplaced(b);
    let min = 0;
    let max = 0;
    for (const o of b.options) {
      const cost = spec.option(b, o) - v0;
      costs[col] = cost;
      col += 1;
      min = Math.min(min, cost);
      max = Math.max(max, cost);
    }
    low += min;
    high += max;
  }
  return { criterion, costs, low, high };
}

/** Weights from the last criterion up: 1, then each one more than the total spread of those below it. */
function weigh(columns: readonly TCriterionColumn[]): number[] {
  const weights = columns.map(() => 1);
  let below = 0;
  for (let i = columns.length - 1; i >= 0; i -= 1) {
    const c = columns[i] as TCriterionColumn;
    weights[i] = below + 1;
    below += (below + 1) * (c.high - c.low);
  }
  return weights;
}

function spreadOf(weights: readonly number[], columns: readonly TCriterionColumn[]): number {
  return columns.reduce((sum, c, i) => sum + (weights[i] ?? 1) * (c.high - c.low), 0);
}

function toLevel(columns: readonly TCriterionColumn[], colCount: number): TObjectiveLevel {
  const weights = weigh(columns);
  const costs = new Float64Array(colCount);
  columns.forEach((c, i) => {
    const w = weights[i] ?? 1;
    for (let col = 0; col < colCount; col += 1) costs[col] = (costs[col] ?? 0) + w * (c.costs[col] ?? 0);
  });
  return {
    criteria: columns.map((c) => c.criterion),
    weights,
    costs,
    lows: columns.map((c) => c.low),
    highs: columns.map((c) => c.high),
  };
}

/**
 * A level's cost is w₀·cost₀ + rest with rest ≤ Σ wᵢ·highᵢ, so any lower bound D on the level cost gives
 * cost₀ ≥ (D − restHigh) / w₀; for covers (cost = −covers) that is covers ≤ (restHigh − D) / w₀.
 * Returns the bound on the leading criterion's gain (e.g. seated covers of movable bookings).
 */
export function boundLeadingGain({ level, costBound }: { level: TObjectiveLevel; costBound: number }): number {
  const restHigh = level.weights.reduce((sum, w, i) => (i === 0 ? sum : sum + w * (level.highs[i] ?? 0)), 0);
  return Math.floor((restHigh - costBound) / (level.weights[0] ?? 1) + 1e-6);
}
