import type { TDayModel, TModelBooking, TOption } from "../model/build-day-model";
import { compareScores, type TPlanChoice, UNPLACED } from "../model/compute-plan-metrics";
import { createTableSchedule, type TTableSchedule } from "../model/create-table-schedule";
import type { TObjectiveCriterion } from "../types";

/** Slot of each criterion in the running totals (larger is better for every entry). */
const CRITERION_INDEX: Record<TObjectiveCriterion, number> = {
  keepSeated: 6,
  covers: 0,
  bookings: 1,
  waste: 2,
  merges: 3,
  moves: 4,
  zone: 5,
};

/**
 * A plan under construction with its objective kept up to date on every move, so a local-search step is scored
 * in O(criteria) instead of re-measuring the day. `mark()` / `undo()` roll back a rejected neighbourhood move.
 */
export type TPlanState = {
  model: TDayModel;
  choice: TPlanChoice;
  schedule: TTableSchedule;
  fits: (b: TModelBooking, o: number) => boolean;
  place: (b: TModelBooking, o: number) => void;
  unplace: (b: TModelBooking) => void;
  /** The objective, larger is better, in the model's lexicographic order. */
  score: () => number[];
  mark: () => number;
  undo: (mark: number) => void;
  /** Forget the undo journal (after an accepted move). */
  commit: () => void;
};

export function createPlanState({ model, choice }: { model: TDayModel; choice?: TPlanChoice }): TPlanState {
  const schedule = createTableSchedule(model.venue.tables.length);
  const current = new Int32Array(model.bookings.length).fill(UNPLACED);
  const totals = new Float64Array(7);
  // Moves and bumps start counted for every booking that had tables: seating it again earns them back.
  const hadTables = model.bookings.filter((b) => b.hadTables).length;
  totals[4] = -hadTables;
  totals[6] = -hadTables;
  const journal: [number, number][] = [];
  const order = model.objective.map((c) => CRITERION_INDEX[c]);

  const apply = (b: TModelBooking, option: TOption, sign: 1 | -1) => {
    totals[0] = (totals[0] ?? 0) + sign * b.partySize;
    totals[1] = (totals[1] ?? 0) + sign;
    totals[2] = (totals[2] ?? 0) - sign * option.waste;
    totals[3] = (totals[3] ?? 0) - sign * option.merged;
    if (b.hadTables && option.isCurrent) totals[4] = (totals[4] ?? 0) + sign;
    if (b.hadTables) totals[6] = (totals[6] ?? 0) + sign;
    totals[5] = (totals[5] ?? 0) - sign * option.zoneMiss;
  };
  const set = (b: TModelBooking, o: number) => {
    const previous = current[b.index] ?? UNPLACED;
    if (previous === o) return;
    const before = b.options[previous];
    if (before) {
      schedule.remove(before.unit.tableIndices, b.index);
      apply(b, before, -1);
    }
    const after = b.options[o];
    if (after) {
      schedule.add(after.unit.tableIndices, b.start, b.end, b.index);
      apply(b, after, 1);
    }
    current[b.index] = o;
    journal.push([b.index, previous]);
  };
  const state: TPlanState = {
    model,
    choice: current,
    schedule,
    fits: (b, o) => {
      const option = b.options[o];
      return option !== undefined && schedule.fits(option.unit.tableIndices, b.start, b.end);
    },
    place: (b, o) => set(b, o),
    unplace: (b) => set(b, UNPLACED),
    score: () => order.map((i) => totals[i] ?? 0),
    mark: () => journal.length,
    undo: (mark) => {
      // Replay backwards; unplace everything first so restored bookings never collide mid-way.
      const entries = journal.splice(mark);
      const restore = new Map<number, number>();
      for (let k = entries.length - 1; k >= 0; k -= 1) {
        const [index, previous] = entries[k] as [number, number];
        restore.set(index, previous);
      }
      for (const index of restore.keys()) set(model.bookings[index] as TModelBooking, UNPLACED);
      for (const [index, previous] of restore) set(model.bookings[index] as TModelBooking, previous);
      journal.splice(mark);
    },
    commit: () => {
      journal.length = 0;
    },
  };
  if (choice) {
    for (const b of model.bookings) {
      const o = choice[b.index] ?? UNPLACED;
      if (o !== UNPLACED && state.fits(b, o)) set(b, o);
    }
  }
  journal.length = 0;
  return state;
}

export function isBetter(a: readonly number[], b: readonly number[]): boolean {
  return compareScores(a, b) > 0;
}
