import type { TDayModel } from "../model/build-day-model";
import type { TConflictCliques } from "./find-conflict-cliques";

/**
 * Packed rows of "Σ x ≤ upper": one per booking with several options, then the per-table conflict cliques. The
 * upper bound is 1 except on the rows of an aggregated model (see aggregateBookings), where one "booking" stands
 * for several interchangeable ones and may take that many options.
 */
export type TMilpRows = {
  numRows: number;
  starts: Int32Array;
  indices: Int32Array;
  upper: Float64Array;
};

export function buildMilpRows({
  model,
  cliques,
  multiplicity,
}: {
  model: TDayModel;
  cliques: TConflictCliques;
  /** Per booking of `model`: how many interchangeable bookings it stands for (1 when omitted). */
  multiplicity?: Int32Array;
}): TMilpRows {
  const lists: Int32Array[] = [];
  const upper: number[] = [];
  model.bookings.forEach((b, i) => {
    const count = multiplicity?.[i] ?? 1;
    if (b.options.length <= count) return; // already bounded by x ≤ 1 per option
    const from = cliques.colStart[i] ?? 0;
    lists.push(Int32Array.from({ length: b.options.length }, (_, o) => from + o));
    upper.push(count);
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
  const bounds = new Float64Array(lists.length).fill(1);
  bounds.set(upper);
  return { numRows: lists.length, starts, indices, upper: bounds };
}

/** Every row holds at most its bound of chosen columns (a rounded MILP answer is checked before it is trusted). */
export function satisfiesRows({ rows, chosen }: { rows: TMilpRows; chosen: Uint8Array }): boolean {
  for (let r = 0; r < rows.numRows; r += 1) {
    let count = 0;
    for (let k = rows.starts[r] ?? 0; k < (rows.starts[r + 1] ?? 0); k += 1) count += chosen[rows.indices[k] ?? 0] ?? 0;
    if (count > (rows.upper[r] ?? 1)) return false;
  }
  return true;
}
