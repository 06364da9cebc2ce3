import type { TDayModel } from "../model/build-day-model";
import { type TPlanChoice, UNPLACED } from "../model/compute-plan-metrics";
import type { TObjectiveCriterion } from "../types";
import { aggregateBookings, type TBookingClasses } from "./aggregate-bookings";
import { satisfiesRows } from "./build-milp-rows";
import { boundLeadingGain, type TObjectiveLevel } from "./build-objective-levels";
import { diveLpRelaxation, type TExtraRow } from "./dive-lp-relaxation";
import { loadHighs, packingModel } from "./load-highs";
import { collapseToClasses, expandClassValues } from "./map-class-columns";
import { levelCost, levelRow, roundColumns, satisfiesLevelRows, toChoice, toColumns } from "./map-milp-columns";
import type { TMilpProblem } from "./prepare-milp";

export type TExactLevelReport = {
  criteria: TObjectiveCriterion[];
  proven: boolean;
  value: number;
  bound: number | null;
};

export type TExactOutcome = {
  choice: TPlanChoice;
  /** Every level proven optimal within the time limit. */
  optimal: boolean;
  /** Proven upper bound on seated covers (fixed bookings included) when covers lead the objective. */
  coversUpperBound: number | null;
  levels: TExactLevelReport[];
};

const PRIMAL_FEASIBLE = 2;
const MIN_LEVEL_MS = 20;
/** Share of a level's time for its LP dive; branch-and-bound gets the rest when the dive cannot prove the level. */
const DIVE_SHARE = 0.3;
/**
 * HiGHS's branch-and-bound starts by re-solving the root LP and setting up, without calling back or checking its
 * time limit: measured at up to ~5× the dive's root LP on 150-table days (a 30 s run took 51 s). It is only
 * started when that much time is left; otherwise the level stays unproven with the LP bound.
 */
export const BB_STARTUP_FACTOR = 5;

/**
 * Exact re-plan as a 0-1 program: x[b,o] = booking b takes option o; Σ_o x[b,o] ≤ 1; per table and per maximal
 * clique of overlapping windows Σ x ≤ 1 (fixed bookings are not variables: their tables were removed from the
 * options). The lexicographic objective is solved level by level (see buildObjectiveLevels), each level then kept
 * at its optimum by a row. Per level: an LP dive (see diveLpRelaxation) whose bound often proves the incumbent
 * optimal outright — the common case, since the relaxation is tight; otherwise HiGHS branch-and-bound, warm-started
 * from the incumbent, until the deadline. A time limit therefore still returns a plan at least as good as `start`.
 * Each level is solved on classes of interchangeable bookings when there are enough (aggregateBookings): the same
 * optimum without the symmetry that made branch-and-bound slow, then expanded back onto the bookings.
 */
export async function solveExact({
  model,
  problem,
  deadline,
  start,
  firstLevelLp,
  leadingClasses,
}: {
  model: TDayModel;
  problem: TMilpProblem;
  /** performance.now() instant by which the solve returns (with the best plan so far). */
  deadline: number;
  start?: TPlanChoice;
  /** LP relaxation of the first level when already solved (its dive is then skipped): cost and solve time. */
  firstLevelLp?: { cost: number; ms: number } | null;
  /** aggregateBookings for the first level when already built (undefined: built here). */
  leadingClasses?: TBookingClasses | null;
}): Promise<TExactOutcome> {
  const { colCount, levels } = problem;
  const { colStart } = problem.cliques;
  let chosen = toColumns({ choice: start ?? new Int32Array(model.bookings.length).fill(UNPLACED), colStart });
  if (!satisfiesRows({ rows: problem.rows, chosen })) chosen = new Uint8Array(colCount);
  if (colCount === 0 || levels.length === 0) {
    const coversUpperBound = colCount === 0 ? fixedCovers(model) : null;
    return { choice: toChoice({ model, colStart, chosen }), optimal: true, coversUpperBound, levels: [] };
  }
  const reports: TExactLevelReport[] = [];
  for (const [i, fullLevel] of levels.entries()) {
    const remaining = deadline - performance.now();
    if (remaining < MIN_LEVEL_MS) break;
    // Each level in the smallest exact space: interchangeable bookings merged when that pays off (the class space
    // of level i also carries levels 0..i−1, kept at their optimum by rows).
    const classes =
      i === 0 && leadingClasses !== undefined
        ? leadingClasses
        : aggregateBookings({ model, problem, levelCount: i + 1 });
    const space = classes?.problem ?? problem;
    const level = space.levels[i] ?? fullLevel;
    const { rows } = space;
    const kept = reports.map((r, j) => levelRow(space.levels[j] ?? fullLevel, r.value));
    let current = classes ? collapseToClasses({ classes, colStart, chosen }) : chosen;
    let lpCost = i === 0 ? (firstLevelLp?.cost ?? null) : null;
    let lpMs = i === 0 ? (firstLevelLp?.ms ?? 0) : 0;
    if (lpCost === null) {
      const dive = await diveLpRelaxation({
        rows,
        extraRows: kept,
        costs: level.costs,
        deadline: performance.now() + remaining * DIVE_SHARE,
      });
      lpCost = dive.rootCost;
      lpMs = dive.rootMs;
      const found = dive.integral && dive.values ? roundColumns(dive.values) : null;
      if (found && isBetterPlan({ level, kept, rows, found, chosen: current })) current = found;
    }
    let report: TExactLevelReport;
    if (lpCost !== null && levelCost(level, current) <= Math.ceil(lpCost - 1e-6)) {
      // Integer costs: the incumbent meets the LP bound, so it is optimal for this level.
      report = { criteria: level.criteria, proven: true, value: levelCost(level, current), bound: lpCost };
    } else if (deadline - performance.now() < BB_STARTUP_FACTOR * lpMs || lpCost === null) {
      const value = levelCost(level, current);
      report = { criteria: level.criteria, proven: false, value, bound: lpCost };
    } else {
      // Stopping it also takes a while (a last LP, its clean-up): end early by about a root LP's time.
      const stopBy = deadline - 2 * lpMs;
      const solved = await branchAndBound({
        level,
        kept,
        rows,
        chosen: current,
        deadline: stopBy,
        lpCost,
        aggregated: classes !== null,
      });
      current = solved.chosen;
      report = { criteria: level.criteria, ...solved.report };
    }
    if (classes) {
      const expanded = roundColumns(expandClassValues({ model, classes, colStart, values: current, prefer: chosen }));
      // The class model is exact, so this holds; checked anyway, like every plan a solver hands back.
      if (satisfiesRows({ rows: problem.rows, chosen: expanded })) chosen = expanded;
      else report = { ...report, proven: false, value: levelCost(fullLevel, chosen) };
    } else {
      chosen = current;
    }
    reports.push(report);
  }
  const choice = toChoice({ model, colStart, chosen });
  const optimal = reports.length === levels.length && reports.every((r) => r.proven);
  return {
    choice,
    optimal,
    coversUpperBound: boundCovers({ model, level: levels[0], report: reports[0], choice }),
    levels: reports,
  };
}

function isBetterPlan({
  level,
  kept,
  rows,
  found,
  chosen,
}: {
  level: TObjectiveLevel;
  kept: readonly TExtraRow[];
  rows: TMilpProblem["rows"];
  found: Uint8Array;
  chosen: Uint8Array;
}): boolean {
  return (
    satisfiesRows({ rows, chosen: found }) &&
    satisfiesLevelRows({ rows: kept, chosen: found }) &&
    levelCost(level, found) < levelCost(level, chosen)
  );
}

/** HiGHS branch-and-bound on one level, warm-started from the incumbent; returns the better of the two. */
async function branchAndBound({
  level,
  kept,
  rows,
  chosen,
  deadline,
  lpCost,
  aggregated,
}: {
  level: TObjectiveLevel;
  kept: readonly TExtraRow[];
  rows: TMilpProblem["rows"];
  chosen: Uint8Array;
  deadline: number;
  lpCost: number | null;
  /** The rows are a class model's (see aggregateBookings). */
  aggregated: boolean;
}): Promise<{ chosen: Uint8Array; report: Omit<TExactLevelReport, "criteria"> }> {
  const highs = await loadHighs();
  const milp = highs.createModel(packingModel({ highs, rows, costs: level.costs, integer: true }));
  try {
    for (const row of kept) milp.addRow(-highs.infinity, row.upper, { indices: row.indices, values: row.values });
    // Integer costs: a bound within ½ of the incumbent proves it (no relative-gap early stop). On the per-booking
    // model presolve removes nothing on clique rows but costs seconds in WebAssembly; on the class model (fewer,
    // denser columns) it pays: 2.2 s instead of 3.1 s, 15 s instead of 36 s to prove the covers of the 60- and
    // 150-table overbooked benchmark evenings. More primal heuristics than the default find the last covers sooner.
    milp.options.set({
      output_flag: false,
      mip_rel_gap: 0,
      mip_abs_gap: 0.5,
      random_seed: 0,
      presolve: aggregated ? "on" : "off",
      mip_heuristic_effort: 0.3,
      time_limit: Math.max(0.01, (deadline - performance.now()) / 1000),
    });
    milp.setSolution({ colValue: Float64Array.from(chosen) });
    // HiGHS checks time_limit only now and then; the interrupt callbacks stop simplex and branch-and-bound closer
    // to the deadline (its start-up before the first callback is kept in budget by BB_STARTUP_FACTOR).
    const stopAtDeadline = (event: { interrupt: () => void }): undefined => {
      if (performance.now() > deadline) event.interrupt();
      return undefined;
    };
    const { callbackType } = highs.constants;
    const status = milp.run({
      [callbackType.simplexInterrupt]: stopAtDeadline,
      [callbackType.mipInterrupt]: stopAtDeadline,
    }).modelStatus;
    const proven = status === highs.constants.modelStatus.optimal;
    let best = chosen;
    if (Number(milp.info.get("primal_solution_status")) === PRIMAL_FEASIBLE) {
      const found = roundColumns(milp.getSolution().colValue);
      // Trust a rounded answer only if it satisfies every row and does not lose to the incumbent.
      const valid = satisfiesRows({ rows, chosen: found }) && satisfiesLevelRows({ rows: kept, chosen: found });
      if (valid && levelCost(level, found) <= levelCost(level, chosen)) best = found;
    }
    const value = levelCost(level, best);
    const dual = Number(milp.info.get("mip_dual_bound"));
    const bound = proven
      ? value
      : Math.max(Number.isFinite(dual) ? dual : Number.NEGATIVE_INFINITY, lpCost ?? Number.NEGATIVE_INFINITY);
    return { chosen: best, report: { proven, value, bound: Number.isFinite(bound) ? bound : null } };
  } finally {
    milp.dispose();
  }
}

function fixedCovers(model: TDayModel): number {
  return model.bookings.reduce((sum, b) => sum + (b.fixed ? b.partySize : 0), 0);
}

function seatedCovers(model: TDayModel, choice: TPlanChoice): number {
  return model.bookings.reduce((sum, b) => sum + ((choice[b.index] ?? UNPLACED) >= 0 ? b.partySize : 0), 0);
}

/** Seated covers can be no more than the first level's bound allows (only when covers lead the objective). */
function boundCovers({
  model,
  level,
  report,
  choice,
}: {
  model: TDayModel;
  level: TObjectiveLevel | undefined;
  report: TExactLevelReport | undefined;
  choice: TPlanChoice;
}): number | null {
  if (level?.criteria[0] !== "covers" || !report || report.bound === null) return null;
  const seated = seatedCovers(model, choice);
  if (report.proven) return fixedCovers(model) + seated;
  return fixedCovers(model) + Math.max(seated, boundLeadingGain({ level, costBound: report.bound }));
}
