import type { TMilpRows } from "./build-milp-rows";
import { loadHighs, packingModel } from "./load-highs";

/** A weighted row Σ values·x ≤ upper (an earlier objective level kept at its optimum). */
export type TExtraRow = { indices: Int32Array; values: Float64Array; upper: number };

export type TLpDive = {
  /** Optimal cost of the LP relaxation (before any fixing): a lower bound on every plan's cost; null if not solved. */
  rootCost: number | null;
  /** Column values where the dive stopped: 0/1 when `integral`, else the last (fractional) LP optimum. */
  values: Float64Array | null;
  integral: boolean;
  rounds: number;
  /** Time the root LP took (what a branch-and-bound restart would cost at least). */
  rootMs: number;
};

const EPS = 1e-6;
/**
 * Share of the fractional columns fixed to 1 per round, at least: fewer rounds, barely worse plans. On big days
 * (150 tables) a round costs ~0.3 s, so the share grows when the deadline would otherwise cut the dive short.
 */
const FIX_SHARE = 0.1;

/**
 * LP relaxation, then a dive to an integer plan. The relaxation of these days is very tight (its bound usually
 * equals the optimum), so: solve it, fix the most confident fractional columns to 1 — the largest values first,
 * never more than a row's bound, so the fixings stay jointly feasible — re-solve from the previous basis (cheap),
 * and repeat until the LP optimum is integral. On 60-table evenings (on classes of interchangeable bookings, see
 * aggregateBookings) this lands on the optimum, or within a cover, in well under a second. Presolve is off: on
 * these clique rows it removes nothing and costs seconds.
 */
export async function diveLpRelaxation({
  rows,
  extraRows = [],
  costs,
  deadline,
  rootDeadline = deadline,
}: {
  rows: TMilpRows;
  extraRows?: readonly TExtraRow[];
  costs: Float64Array;
  /** performance.now() instant; the dive stops (with the values so far) when it passes. */
  deadline: number;
  /** Later limit for the root LP alone (its bound and values are worth more than the dive's rounds). */
  rootDeadline?: number;
}): Promise<TLpDive> {
  const colCount = costs.length;
  if (colCount === 0) return { rootCost: 0, values: new Float64Array(0), integral: true, rounds: 0, rootMs: 0 };
  const highs = await loadHighs();
  const lp = highs.createModel(packingModel({ highs, rows, costs, integer: false }));
  for (const row of extraRows) lp.addRow(-highs.infinity, row.upper, { indices: row.indices, values: row.values });
  const rowsOf = transpose(rows, colCount);
  try {
    lp.options.set({ output_flag: false, presolve: "off", solver: "simplex" });
    const solve = (until = deadline) => {
      lp.options.set({ time_limit: Math.max(0.01, (until - performance.now()) / 1000) });
      // time_limit counts every run of a persistent model since its clocks were last reset.
      lp.zeroAllClocks();
      return lp.run().modelStatus === highs.constants.modelStatus.optimal ? lp.getSolution().colValue : null;
    };
    const rootStarted = performance.now();
    let values = solve(Math.max(deadline, rootDeadline));
    const rootMs = performance.now() - rootStarted;
    if (!values) return { rootCost: null, values: null, integral: false, rounds: 0, rootMs };
    let last: Float64Array = values;
    const rootCost = lp.getObjectiveValue();
    let rounds = 0;
    let single = false;
    const diveStarted = performance.now();
    for (; performance.now() < deadline && values; rounds += 1) {
      const current: Float64Array = values;
      const fractional: number[] = [];
      for (let c = 0; c < colCount; c += 1) {
        const v = current[c] ?? 0;
        if (v > EPS && v < 1 - EPS) fractional.push(c);
      }
      if (fractional.length === 0) return { rootCost, values: current, integral: true, rounds, rootMs };
      fractional.sort((a, b) => (current[b] ?? 0) - (current[a] ?? 0) || a - b);
      // Room left in each row (its bound minus the columns already at 1): fixings never overfill a row.
      const room = Float64Array.from(rows.upper);
      for (let c = 0; c < colCount; c += 1)
        if ((current[c] ?? 0) >= 1 - EPS) for (const r of rowsOf[c] ?? []) room[r] = (room[r] ?? 0) - 1;
      const picked: number[] = [];
      // Fix a larger share when the rounds left before the deadline (at the pace so far) would not get through them.
      const pace = rounds === 0 ? rootMs / 4 : (performance.now() - diveStarted) / rounds;
      const roundsLeft = Math.max(1, Math.floor((deadline - performance.now()) / Math.max(1, pace)) - 1);
      const share = Math.max(FIX_SHARE, 1 / roundsLeft);
      const quota = single ? 1 : Math.max(1, Math.ceil(fractional.length * share));
      for (const c of fractional) {
        if (picked.length >= quota) break;
        if ((rowsOf[c] ?? []).some((r) => (room[r] ?? 0) < 1 - EPS)) continue;
        for (const r of rowsOf[c] ?? []) room[r] = (room[r] ?? 0) - 1;
        picked.push(c);
      }
      if (picked.length === 0) break;
      for (const c of picked) lp.changeColBounds(c, 1, 1);
      const next = solve();
      if (next) {
        values = next;
        last = next;
        single = false;
        continue;
      }
      if (performance.now() >= deadline) break;
      // Infeasible: only possible with extra rows (an earlier level's optimum forbids a fixing). Undo, then
      // retry with just the most confident column; if even that fails, that column is 0 in every such plan.
      for (const c of picked) lp.changeColBounds(c, 0, 1);
      if (picked.length === 1 && picked[0] !== undefined) lp.changeColBounds(picked[0], 0, 0);
      single = picked.length > 1;
      values = solve();
      if (!values) break;
      last = values;
    }
    return { rootCost, values: last, integral: false, rounds, rootMs };
  } finally {
    lp.dispose();
  }
}

/** Rows of each column (the matrix is stored by rows). */
function transpose(rows: TMilpRows, colCount: number): number[][] {
  const rowsOf: number[][] = Array.from({ length: colCount }, () => []);
  for (let r = 0; r < rows.numRows; r += 1) {
    for (let e = rows.starts[r] ?? 0; e < (rows.starts[r + 1] ?? 0); e += 1) rowsOf[rows.indices[e] ?? 0]?.push(r);
  }
  return rowsOf;
}
