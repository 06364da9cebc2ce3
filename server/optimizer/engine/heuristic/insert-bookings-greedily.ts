import type { TPrng } from "../create-prng";
import type { TDayModel, TModelBooking } from "../model/build-day-model";
import { UNPLACED } from "../model/compute-plan-metrics";
import type { TPlanState } from "./create-plan-state";

/**
 * Insertion orders. None wins everywhere, so the heuristic tries all of them:
 * - difficulty: big parties first (few plans, often merges) — best when nearly everyone fits;
 * - density: covers per seat-minute of the best-fitting plan first — best when the evening is overbooked, where
 *   short, snug parties seat more covers than a long party of 8 on a merge;
 * - chronological: by start time, snug fits — the classic packing order for interval scheduling.
 */
export const INSERTION_ORDERS = ["difficulty", "density", "chronological"] as const;
export type TInsertionOrder = (typeof INSERTION_ORDERS)[number];

export function orderBookings({
  bookings,
  order,
  prng,
  noise = 0,
}: {
  bookings: readonly TModelBooking[];
  order: TInsertionOrder;
  prng?: TPrng;
  noise?: number;
}): TModelBooking[] {
  const jitter = () => 1 + (prng ? (prng.next() * 2 - 1) * noise : 0);
  const keyed = bookings.map((b) => ({ b, key: keyOf(b, order) * jitter() }));
  keyed.sort(
    (x, y) =>
      y.key - x.key || x.b.options.length - y.b.options.length || x.b.start - y.b.start || x.b.index - y.b.index,
  );
  return keyed.map((k) => k.b);
}

/** Larger goes first. */
function keyOf(b: TModelBooking, order: TInsertionOrder): number {
  const minutes = (b.end - b.start) / 60_000;
  if (order === "difficulty") return b.partySize * 1000 + minutes;
  if (order === "density") return b.partySize / ((b.options[0]?.unit.capacity ?? b.partySize) * minutes);
  return -b.start / 60_000;
}

/**
 * Seat each booking on a free option of its best rank class (options are pre-sorted by the objective's per-option
 * criteria) or leave it unplaced. With `snug`, ties within the class go to the option leaving the least idle time
 * around the booking; without, to the first one (cheaper). With `prng`, the best class is sometimes skipped for
 * the next free one, for diversity.
 */
export function insertBookingsGreedily({
  state,
  bookings,
  snug = false,
  prng,
  skipChance = 0,
}: {
  state: TPlanState;
  bookings: readonly TModelBooking[];
  snug?: boolean;
  prng?: TPrng;
  skipChance?: number;
}): void {
  for (const b of bookings) {
    if ((state.choice[b.index] ?? UNPLACED) !== UNPLACED) continue;
    let chosen = UNPLACED;
    let chosenClass = -1;
    let chosenSlack = Number.POSITIVE_INFINITY;
    let skipped = UNPLACED;
    for (let o = 0; o < b.options.length; o += 1) {
      const option = b.options[o];
      if (!option) break;
      if (chosen !== UNPLACED && (option.rankClass !== chosenClass || !snug)) break;
      if (!state.fits(b, o)) continue;
      if (chosen === UNPLACED && skipped === UNPLACED && prng && prng.next() < skipChance) {
        skipped = o;
        continue;
      }
      const slack = snug ? state.schedule.slack(option.unit.tableIndices, b.start, b.end) : 0;
      if (chosen === UNPLACED || slack < chosenSlack) {
        chosen = o;
        chosenClass = option.rankClass;
        chosenSlack = slack;
      }
    }
    if (chosen === UNPLACED) chosen = skipped;
    if (chosen !== UNPLACED) state.place(b, chosen);
  }
}

/** Movable bookings (those with at least one option) — fixed ones never enter the heuristics. */
export function movableBookings(model: TDayModel): TModelBooking[] {
  return model.bookings.filter((b) => b.options.length > 0);
}
