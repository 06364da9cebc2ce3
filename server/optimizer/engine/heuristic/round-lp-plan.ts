import type { TDayModel, TModelBooking } from "../model/build-day-model";
import { UNPLACED } from "../model/compute-plan-metrics";
import type { TPlanState } from "./create-plan-state";

/** LP values per column, columns numbered as in findConflictCliques (colStart[b] + option). */
export type TLpGuide = { colStart: Int32Array; values: Float64Array };

/**
 * Seat bookings in decreasing order of their LP value: every x ≥ ½ goes in without conflict (a row holds at most
 * one of them), then fractional ones while they still fit. Rounding a tight LP this way lands within a few covers
 * of the optimum; the local search closes most of the rest.
 */
export function roundLpPlan({ state, model, guide }: { state: TPlanState; model: TDayModel; guide: TLpGuide }): void {
  const owner: number[] = [];
  const columns: number[] = [];
  model.bookings.forEach((b, i) => {
    const from = guide.colStart[i] ?? 0;
    for (let o = 0; o < b.options.length; o += 1) {
      if ((guide.values[from + o] ?? 0) <= 1e-6) continue;
      owner.push(i);
      columns.push(o);
    }
  });
  const order = columns.map((_, k) => k);
  const lpValue = (k: number) => guide.values[(guide.colStart[owner[k] ?? 0] ?? 0) + (columns[k] ?? 0)] ?? 0;
  const partyOf = (k: number) => model.bookings[owner[k] ?? 0]?.partySize ?? 0;
  order.sort((a, b) => lpValue(b) - lpValue(a) || partyOf(b) - partyOf(a) || a - b);
  for (const k of order) {
    const b = model.bookings[owner[k] ?? 0] as TModelBooking;
    if ((state.choice[b.index] ?? UNPLACED) !== UNPLACED) continue;
    const o = columns[k] ?? UNPLACED;
    if (state.fits(b, o)) state.place(b, o);
  }
}
