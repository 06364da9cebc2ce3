import { aggregateBookings } from "./exact/aggregate-bookings";
import { boundLeadingGain } from "./exact/build-objective-levels";
import { diveLpRelaxation, type TLpDive } from "./exact/dive-lp-relaxation";
import { loadHighs } from "./exact/load-highs";
import { expandClassValues } from "./exact/map-class-columns";
import { toColumns } from "./exact/map-milp-columns";
import { prepareMilp, type TMilpProblem } from "./exact/prepare-milp";
import { BB_STARTUP_FACTOR, solveExact, type TExactOutcome } from "./exact/solve-exact";
import { solveHeuristic } from "./heuristic/solve-heuristic";
import { buildDayModel, type TDayModel } from "./model/build-day-model";
import {
  compareScores,
  computePlanMetrics,
  scoreMetrics,
  type TPlanChoice,
  UNPLACED,
} from "./model/compute-plan-metrics";
import { describePlan } from "./model/describe-plan";
import type { TObjectiveCriterion, TOptimizerInput, TOptimizerResult } from "./types";

export const DEFAULT_TIME_LIMIT_MS = 10_000;
/**
 * Measured cost of the LP relaxation in HiGHS/WebAssembly on generated evenings: ~0.1–0.4 ms per column, growing
 * with size (docs/benchmarks.md). The LP dive runs only when its root LP is expected to fit its share of the budget.
 */
const LP_MS_PER_COLUMN = 0.15;
/**
 * Budget shares: the LP dive (its root LP may run on until `root`), then the local search (the MILP, when it runs,
 * gets whatever is left). The heuristic's dive stops at half the budget: on 150-table days its rounds would
 * otherwise take most of it (~0.3 s each) for a cover or two the local search finds anyway.
 */
const SHARES = {
  heuristic: { lp: 0.5, root: 0.8, search: 0.96 },
  exact: { lp: 0.3, root: 0.3, search: 0.45 },
} as const;
const BIG_EXACT_LP_SHARE = 0.7;
const DEADLINE_SHARE = 0.96;
/** Local-search steps per booking before the LP (the fallback plan). */
const QUICK_STEPS = 1;

/**
 * Re-plan a day. `heuristic`: an LP dive (when the LP is cheap enough) and greedy constructions, improved by
 * large-neighbourhood search. `exact`: the same, then the lexicographic MILP in HiGHS warm-started from that plan,
 * within the time limit. `auto`: exact when branch-and-bound fits the budget (normal venues), else heuristic.
 * The better plan is returned; every plan is feasible (fixed bookings keep their tables, the rest use planner
 * units that avoid each other's windows).
 */
export async function optimizeDay(input: TOptimizerInput): Promise<TOptimizerResult> {
  const started = performance.now();
  const timeLimitMs = input.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  // HiGHS overshoots its time limit a little and the answer still has to be assembled: keep a margin.
  const deadline = started + timeLimitMs * DEADLINE_SHARE;
  const solver = input.solver ?? "auto";
  // Compile the WebAssembly solver (first call only) while the model is built; a failure surfaces when awaited.
  loadHighs().catch(() => undefined);
  const model = buildDayModel(input);
  const problem = prepareMilp({ model });
  // The LP (and the first exact level) run on classes of interchangeable bookings when there are enough of them.
  const leading = problem.levels.length > 0 ? aggregateBookings({ model, problem, levelCount: 1 }) : null;
  const lpSpace = leading?.problem ?? problem;
  const lpMs = lpSpace.colCount * LP_MS_PER_COLUMN;
  // Too big for branch-and-bound in the budget (see BB_STARTUP_FACTOR in solve-exact): `auto` runs the heuristic;
  // an exact run still earns the LP bound and the dive's plan, so they get the time.
  const bigForExact = lpMs * BB_STARTUP_FACTOR > timeLimitMs / 2;
  const runExact = solver === "exact" || (solver === "auto" && !bigForExact);
  const shares = runExact ? SHARES.exact : SHARES.heuristic;
  const runLp = lpMs <= timeLimitMs * shares.lp || solver === "exact";
  const lpShare = runExact && bigForExact ? BIG_EXACT_LP_SHARE : shares.lp;
  const seed = input.seed === undefined ? {} : { seed: input.seed };
  // A quick local search first: if the LP then cannot finish (a busy machine, a big day), this plan still stands.
  const quick = runLp
    ? solveHeuristic({ model, start: currentChoice(model), ...seed, iterations: QUICK_STEPS * model.bookings.length })
    : null;
  const firstLevel = lpSpace.levels[0];
  const dive =
    runLp && firstLevel
      ? await diveLpRelaxation({
          rows: lpSpace.rows,
          costs: firstLevel.costs,
          deadline: started + timeLimitMs * lpShare,
          rootDeadline: started + timeLimitMs * shares.root,
        })
      : null;
  const { colStart } = problem.cliques;
  const guideValues =
    dive?.values && leading
      ? expandClassValues({
          model,
          classes: leading,
          colStart,
          values: dive.values,
          ...(quick ? { prefer: toColumns({ choice: quick.choice, colStart }) } : {}),
        })
      : (dive?.values ?? null);
  const heuristic = solveHeuristic({
    model,
    start: quick?.choice ?? currentChoice(model),
    ...(guideValues ? { guide: { colStart, values: guideValues } } : {}),
    ...seed,
    deadline: started + timeLimitMs * Math.max(shares.search, lpShare + 0.1),
  });
  let choice: TPlanChoice = heuristic.choice;
  let exact: TExactOutcome | null = null;
  if (runExact) {
    const firstLevelLp = dive?.rootCost != null ? { cost: dive.rootCost, ms: dive.rootMs } : null;
    exact = await solveExact({ model, problem, deadline, start: choice, firstLevelLp, leadingClasses: leading });
    if (compareScores(score(model, exact.choice), score(model, choice)) >= 0) choice = exact.choice;
  }
  const plan = describePlan({ model, choice, bookings: input.bookings });
  const warnings = [...model.warnings];
  if (exact && !exact.optimal) warnings.push("time limit reached before every objective level was proven optimal");
  if (input.keepSeated && plan.bumped.length > 0) {
    warnings.push(`${plan.bumped.join(", ")} lost their tables: no valid plan fits them any more`);
  }
  const coversUpperBound = boundCovers({ model, problem, dive, exact });
  return {
    ...plan,
    solver: exact ? "exact" : "heuristic",
    optimal: exact?.optimal ?? false,
    provenCriteria: provenPrefix(exact),
    gap: gapOf({ model, choice, coversUpperBound }),
    coversUpperBound,
    durationMs: performance.now() - started,
    warnings,
  };
}

/** Movable bookings on their current tables where those are still a valid option (the search's first start). */
function currentChoice(model: TDayModel): TPlanChoice {
  return Int32Array.from(model.bookings, (b) => {
    const o = b.options.findIndex((option) => option.isCurrent);
    return o >= 0 ? o : UNPLACED;
  });
}

/** Criteria of the levels proven in a row from the first: a later level is only optimal given the earlier ones. */
function provenPrefix(exact: TExactOutcome | null): TObjectiveCriterion[] {
  const levels = exact?.levels ?? [];
  const unproven = levels.findIndex((l) => !l.proven);
  return levels.slice(0, unproven < 0 ? levels.length : unproven).flatMap((l) => l.criteria);
}

function score(model: TDayModel, choice: TPlanChoice): number[] {
  return scoreMetrics({ metrics: computePlanMetrics({ model, choice }), objective: model.objective });
}

/** The tightest known bound on seated covers: the exact solver's, the LP's, or at worst everyone who could sit. */
function boundCovers({
  model,
  problem,
  dive,
  exact,
}: {
  model: TDayModel;
  problem: TMilpProblem | null;
  dive: TLpDive | null;
  exact: TExactOutcome | null;
}): number {
  const fixed = model.bookings.reduce((sum, b) => sum + (b.fixed ? b.partySize : 0), 0);
  const demand = model.bookings.reduce((sum, b) => sum + (b.options.length > 0 ? b.partySize : 0), fixed);
  const level = problem?.levels[0];
  const fromLp =
    dive?.rootCost !== null && dive?.rootCost !== undefined && level?.criteria[0] === "covers"
      ? fixed + boundLeadingGain({ level, costBound: dive.rootCost })
      : null;
  const known = [exact?.coversUpperBound ?? null, fromLp].filter((b): b is number => b !== null);
  return Math.min(demand, ...known);
}

function gapOf({
  model,
  choice,
  coversUpperBound,
}: {
  model: TDayModel;
  choice: TPlanChoice;
  coversUpperBound: number;
}): number {
  const seated = computePlanMetrics({ model, choice }).seatedCovers;
  return coversUpperBound <= 0 ? 0 : Math.max(0, (coversUpperBound - seated) / coversUpperBound);
}
