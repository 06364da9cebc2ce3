import type { TDayModel } from "../model/build-day-model";
import { type TPlanChoice, UNPLACED } from "../model/compute-plan-metrics";
import type { TObjectiveLevel } from "./build-objective-levels";
import type { TExtraRow } from "./dive-lp-relaxation";

/** Plan ↔ 0/1 column vector (column of option o of booking b = colStart[b] + o). */
export function toColumns({ choice, colStart }: { choice: TPlanChoice; colStart: Int32Array }): Uint8Array {
  const chosen = new Uint8Array(colStart[colStart.length - 1] ?? 0);
  choice.forEach((o, b) => {
    if (o >= 0) chosen[(colStart[b] ?? 0) + o] = 1;
  });
  return chosen;
}

export function toChoice({
  model,
  colStart,
  chosen,
}: {
  model: TDayModel;
  colStart: Int32Array;
  chosen: Uint8Array;
}): TPlanChoice {
  const choice = new Int32Array(model.bookings.length).fill(UNPLACED);
  model.bookings.forEach((b, i) => {
    const from = colStart[i] ?? 0;
    for (let o = 0; o < b.options.length; o += 1) if (chosen[from + o] === 1) choice[i] = o;
  });
  return choice;
}

/** Round a solver's values (within its tolerances) to 0/1. */
export function roundColumns(values: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(values as ArrayLike<number>, (v) => (v > 0.5 ? 1 : 0));
}

export function levelCost(level: TObjectiveLevel, chosen: Uint8Array): number {
  let sum = 0;
  for (let col = 0; col < chosen.length; col += 1) if (chosen[col] === 1) sum += level.costs[col] ?? 0;
  return sum;
}

/** "This level stays at its optimum" as a row: integer costs, so ≤ value + ½ is exactly ≤ value. */
export function levelRow(level: TObjectiveLevel, value: number): TExtraRow {
  const indices: number[] = [];
  level.costs.forEach((c, col) => {
    if (c !== 0) indices.push(col);
  });
  return {
    indices: Int32Array.from(indices),
    values: Float64Array.from(indices, (col) => level.costs[col] ?? 0),
    upper: value + 0.5,
  };
}

export function satisfiesLevelRows({ rows, chosen }: { rows: readonly TExtraRow[]; chosen: Uint8Array }): boolean {
  return rows.every((row) => {
    let sum = 0;
    row.indices.forEach((col, k) => {
      if (chosen[col] === 1) sum += row.values[k] ?? 0;
    });
    return sum <= row.upper;
  });
}
