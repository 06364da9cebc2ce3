import type { Highs } from "highs";
import type { TMilpRows } from "./build-milp-rows";

let loading: Promise<Highs> | null = null;

/**
 * The HiGHS WebAssembly runtime, compiled once per process: instantiating the module costs ~100 ms and several MB,
 * while each solve creates (and disposes) its own native model, so one runtime safely serves every solve.
 */
export function loadHighs(): Promise<Highs> {
  if (loading === null) {
    loading = import("highs")
      .then((module) => module.default())
      .catch((error: unknown) => {
        loading = null;
        throw error;
      });
  }
  return loading;
}

/**
 * The one shape of every model we hand HiGHS: one column per (booking, option) in [0, 1], one "≤ 1" row per
 * booking and per overlap clique (the CSR matrix of build-milp-rows, all coefficients 1; "≤ k" on an aggregated
 * model's class rows). `integer` makes it the
 * MILP; without it, its LP relaxation.
 */
export function packingModel({
  highs,
  rows,
  costs,
  integer,
}: {
  highs: Highs;
  rows: TMilpRows;
  costs: Float64Array;
  integer: boolean;
}): Parameters<Highs["createModel"]>[0] {
  const colCount = costs.length;
  return {
    numCols: colCount,
    numRows: rows.numRows,
    sense: highs.constants.objectiveSense.minimize,
    colCost: costs,
    colLower: new Float64Array(colCount),
    colUpper: new Float64Array(colCount).fill(1),
    rowLower: new Float64Array(rows.numRows).fill(-highs.infinity),
    rowUpper: rows.upper,
    matrix: {
      format: "csr",
      numRows: rows.numRows,
      numCols: colCount,
      starts: rows.starts,
      indices: rows.indices,
      values: new Float64Array(rows.indices.length).fill(1),
    },
    ...(integer ? { integrality: new Int32Array(colCount).fill(highs.constants.variableType.integer) } : {}),
  };
}
