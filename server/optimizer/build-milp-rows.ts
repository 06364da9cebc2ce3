import type { TDayModel } from "./build-day-model";
import type { TConflictCliques } from "./find-conflict-cliques";

/** Packed rows of "Σ x ≤ 1": one per booking with several options, then the per-table conflict cliques. */
export type TMilpRows = {
  numRows: number;
  starts: Int32Array;
  indices: Int32Array;
};

export function buildMilpRows({ model, cliques }: { model: TDayModel; cliques: TConflictCliques }): TMilpRows {
  const lists: Int32Array[] = [];
  model.bookings.forEach((b, i) => {
    if (b.options.length < 2) return; // a single option is already bounded by x ≤ 1
    const from = cliques.colStart[i] ?? 0;
    lists.push(Int32Array.from({ length: b.options.length }, (_, o) => from + o));
  });
  lists.push(...cliques.rows);
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((row, r) => {
    starts[r + 1] = (starts[r] ?? 0) + row.length;
  });
  const indices = new Int32Array(starts[lists.length] ?? 0);
  lists.forEach((row, r) => {
    // HiGHS rejects a repeated column within one row; cliques list each (booking, option) once per table.
    indices.set(Int32Array.from(row).sort(), starts[r] ?? 0);
  });
  return { numRows: lists.length, starts, indices };
}

/** Every row holds at most one chosen column (a rounding of the MILP answer is checked before it is trusted). */
export function satisfiesRows({ rows, chosen }: { rows: TMilpRows; chosen: Uint8Array }): boolean {
  for (let r = 0; r < rows.numRows; r += 1) {
    let count = 0;
    for (let k = rows.starts[r] ?? 0; k < (rows.starts[r + 1] ?? 0); k += 1) count += chosen[rows.indices[k] ?? 0] ?? 0;
    if (count > 1) return false;
  }
  return true;
}
