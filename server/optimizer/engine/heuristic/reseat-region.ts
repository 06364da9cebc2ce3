import type { TPrng } from "../create-prng";
import type { TModelBooking } from "../model/build-day-model";
import { UNPLACED } from "../model/compute-plan-metrics";
import type { TSearchIndex } from "./build-search-index";
import type { TPlanState } from "./create-plan-state";
import { INSERTION_ORDERS, insertBookingsGreedily, orderBookings } from "./insert-bookings-greedily";
import { selectIntervalsDp, type TInterval } from "./select-intervals-dp";

/**
 * Destroy-and-repair on a region of the floor: clear these tables over [from, to), then fill each unit lying inside
 * the region (its single tables and the merges among them, in random order) with the best set of non-overlapping
 * bookings by weighted interval scheduling, drawing on everyone unplaced. Evicted bookings that found no seat in
 * the region then try the rest of the floor greedily. Only region tables were freed, so nobody else could gain.
 */
export function reseatRegion({
  state,
  index,
  prng,
  tables,
  from,
  to,
}: {
  state: TPlanState;
  index: TSearchIndex;
  prng: TPrng;
  tables: readonly number[];
  from: number;
  to: number;
}): void {
  const { model } = state;
  const removed = state.schedule.occupants(tables, from, to).map((i) => model.bookings[i] as TModelBooking);
  for (const b of removed) state.unplace(b);
  const inRegion = new Set(tables);
  const units = [...new Set(tables.flatMap((t) => index.unitsByTable[t] ?? []))]
    .filter((u) => model.venue.units[u]?.tableIndices.every((t) => inRegion.has(t)))
    .sort((a, b) => a - b);
  shuffle(units, prng);
  for (const u of units) {
    const bookings = index.unitBookings[u] as Int32Array;
    const options = index.unitOptions[u] as Int32Array;
    const intervals: TInterval[] = [];
    for (let k = 0; k < bookings.length; k += 1) {
      const b = model.bookings[bookings[k] as number] as TModelBooking;
      if ((state.choice[b.index] ?? UNPLACED) !== UNPLACED || b.end <= from || b.start >= to) continue;
      const o = options[k] as number;
      if (!state.fits(b, o)) continue;
      intervals.push({ start: b.start, end: b.end, weight: index.values[b.index]?.[o] ?? 0, id: k });
    }
    for (const k of selectIntervalsDp(intervals)) {
      state.place(model.bookings[bookings[k] as number] as TModelBooking, options[k] as number);
    }
  }
  const homeless = removed.filter((b) => (state.choice[b.index] ?? UNPLACED) === UNPLACED);
  const order = INSERTION_ORDERS[prng.int(INSERTION_ORDERS.length)] ?? "difficulty";
  insertBookingsGreedily({
    state,
    bookings: orderBookings({ bookings: homeless, order, prng, noise: 0.2 }),
    snug: true,
  });
}

export function shuffle<T>(list: T[], prng: TPrng): void {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = prng.int(i + 1);
    const tmp = list[i] as T;
    list[i] = list[j] as T;
    list[j] = tmp;
  }
}
