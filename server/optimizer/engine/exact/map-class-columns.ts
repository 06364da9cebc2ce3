import type { TDayModel } from "../model/build-day-model";
import type { TBookingClasses } from "./aggregate-bookings";

const EPS = 1e-9;

/** A plan's 0/1 columns as class columns: class option o is taken when a member takes option o. */
export function collapseToClasses({
  classes,
  colStart,
  chosen,
}: {
  classes: TBookingClasses;
  colStart: Int32Array;
  chosen: Uint8Array;
}): Uint8Array {
  const { members, optionOf, problem } = classes;
  const collapsed = new Uint8Array(problem.colCount);
  members.forEach((list, k) => {
    const into = problem.cliques.colStart[k] ?? 0;
    const count = classes.model.bookings[k]?.options.length ?? 0;
    const map = optionOf[k] as Int32Array;
    list.forEach((b, i) => {
      const from = colStart[b] ?? 0;
      for (let o = 0; o < count; o += 1) if (chosen[from + (map[i * count + o] ?? 0)] === 1) collapsed[into + o] = 1;
    });
  });
  return collapsed;
}

/**
 * Class values (0/1 or an LP's fractions) spread over the members, as full-model columns with the same costs on
 * the aggregated levels: each member takes at most 1 in total, each class option's value is handed out in full
 * (the class row guarantees there is room). Members keep their option in `prefer` (the incumbent plan) first,
 * then their current tables, so later levels (moves) start from the least disruptive expansion; the rest go to
 * members in index order. Integral class values give an integral plan.
 */
export function expandClassValues({
  model,
  classes,
  colStart,
  values,
  prefer,
}: {
  model: TDayModel;
  classes: TBookingClasses;
  colStart: Int32Array;
  values: ArrayLike<number>;
  prefer?: Uint8Array;
}): Float64Array {
  const expanded = new Float64Array(colStart[model.bookings.length] ?? 0);
  classes.members.forEach((list, k) => {
    const from = classes.problem.cliques.colStart[k] ?? 0;
    const count = classes.model.bookings[k]?.options.length ?? 0;
    const left = Float64Array.from({ length: count }, (_, o) => Math.max(0, values[from + o] ?? 0));
    const room = new Float64Array(list.length).fill(1);
    const map = classes.optionOf[k] as Int32Array;
    const own = (i: number, o: number) => (colStart[list[i] ?? 0] ?? 0) + (map[i * count + o] ?? 0);
    const give = (i: number, o: number) => {
      const amount = Math.min(left[o] ?? 0, room[i] ?? 0);
      if (amount <= EPS) return;
      const col = own(i, o);
      expanded[col] = (expanded[col] ?? 0) + amount;
      left[o] = (left[o] ?? 0) - amount;
      room[i] = (room[i] ?? 0) - amount;
    };
    if (prefer) {
      list.forEach((_, i) => {
        for (let o = 0; o < count; o += 1) if (prefer[own(i, o)] === 1) give(i, o);
      });
    }
    list.forEach((b, i) => {
      const options = model.bookings[b]?.options ?? [];
      for (let o = 0; o < count; o += 1) if (options[map[i * count + o] ?? 0]?.isCurrent) give(i, o);
    });
    const order = Array.from({ length: count }, (_, o) => o).sort((a, b) => (left[b] ?? 0) - (left[a] ?? 0) || a - b);
    for (const o of order) for (let i = 0; i < list.length && (left[o] ?? 0) > EPS; i += 1) give(i, o);
  });
  return expanded;
}
