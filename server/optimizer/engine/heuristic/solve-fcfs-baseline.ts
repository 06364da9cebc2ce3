import type { TDayModel, TOption } from "../model/build-day-model";
import { type TPlanChoice, UNPLACED } from "../model/compute-plan-metrics";
import { createTableSchedule } from "../model/create-table-schedule";

/**
 * The reference the optimizer is measured against: bookings in arrival (input) order, each on the smallest free
 * plan (fewest seats, then fewest tables), never revisited — what a booking-by-booking assigner does.
 */
export function solveFcfsBaseline({ model }: { model: TDayModel }): TPlanChoice {
  const schedule = createTableSchedule(model.venue.tables.length);
  const choice = new Int32Array(model.bookings.length).fill(UNPLACED);
  for (const b of model.bookings) {
    let best = UNPLACED;
    let bestOption: TOption | undefined;
    b.options.forEach((option, o) => {
      if (bestOption && !isSmaller(option, bestOption)) return;
      if (!schedule.fits(option.unit.tableIndices, b.start, b.end)) return;
      best = o;
      bestOption = option;
    });
    if (bestOption === undefined) continue;
    choice[b.index] = best;
    schedule.add(bestOption.unit.tableIndices, b.start, b.end, b.index);
  }
  return choice;
}

function isSmaller(a: TOption, b: TOption): boolean {
  const ua = a.unit;
  const ub = b.unit;
  return (ua.capacity - ub.capacity || ua.tableIndices.length - ub.tableIndices.length || ua.index - ub.index) < 0;
}
