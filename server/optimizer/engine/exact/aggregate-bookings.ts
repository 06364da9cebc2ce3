import type { TDayModel, TModelBooking } from "../model/build-day-model";
import { buildMilpRows } from "./build-milp-rows";
import { findConflictCliques } from "./find-conflict-cliques";
import type { TMilpProblem } from "./prepare-milp";

/**
 * The day with interchangeable bookings merged into classes, for the leading objective levels. Class k is
 * `model.bookings[k]` (a representative, re-indexed) standing for `members[k]`; its column for option o means "one
 * of the members takes option o", its booking row is "Σ ≤ number of members".
 */
export type TBookingClasses = {
  model: TDayModel;
  /** Per class: the member bookings (indices into the full model), ascending. */
  members: Int32Array[];
  /** Per class, member i's option index for class option o at [i × options + o] (members rank options differently). */
  optionOf: Int32Array[];
  /** The class-space program; `levels` are the first `levelCount` levels of the full program. */
  problem: TMilpProblem;
  levelCount: number;
};

/** Aggregate only when it removes at least this share of the movable bookings (else the full model is as good). */
const MAX_CLASS_SHARE = 0.85;

/**
 * Generated and real evenings hold many bookings that are the same to the solver: same party, same window, so the
 * same options, at the same costs. In the 0-1 program each group is a symmetry (any permutation of its members
 * is an equivalent plan), which branch-and-bound has to disprove again and again: the 60-table overbooked benchmark
 * evening took HiGHS 35 s to prove its covers optimum on the per-booking model, 3 s on the classes. Bookings are
 * interchangeable for levels 0..levelCount−1 when they have the same window, the same option units and the same
 * cost per unit on each of those levels (moves, keepSeated and zone preferences tell apart bookings that would
 * otherwise merge, so levels with these criteria aggregate less). The class program is an exact reformulation of
 * those levels: a plan maps to a class plan of the same cost, and a class plan expands to plans of that cost
 * (expandClassValues). Returns null when aggregating would not remove enough bookings to pay off.
 */
export function aggregateBookings({
  model,
  problem,
  levelCount,
}: {
  model: TDayModel;
  problem: TMilpProblem;
  levelCount: number;
}): TBookingClasses | null {
  const { colStart } = problem.cliques;
  const levels = problem.levels.slice(0, levelCount);
  const byKey = new Map<string, number[]>();
  // Per booking: its options ordered by unit (options are ranked per booking, e.g. current tables first).
  const byUnit: Int32Array[] = [];
  let movable = 0;
  for (const b of model.bookings) {
    if (b.options.length === 0) continue;
    movable += 1;
    const from = colStart[b.index] ?? 0;
    const order = Int32Array.from(b.options.keys()).sort(
      (x, y) => (b.options[x]?.unit.index ?? 0) - (b.options[y]?.unit.index ?? 0),
    );
    byUnit[b.index] = order;
    const parts = Array.from(order, (o) =>
      [b.options[o]?.unit.index, ...levels.map((l) => l.costs[from + o])].join(":"),
    );
    const key = `${b.start}|${b.end}|${parts.join(",")}`;
    const group = byKey.get(key);
    if (group) group.push(b.index);
    else byKey.set(key, [b.index]);
  }
  if (byKey.size > movable * MAX_CLASS_SHARE) return null;
  const members = [...byKey.values()].map((list) => Int32Array.from(list));
  // Class option o is the representative's option o; optionOf maps it to each member's own option index.
  const optionOf = members.map((list) => {
    const rep = byUnit[list[0] ?? 0] as Int32Array;
    const toRep = new Int32Array(rep.length);
    rep.forEach((o, rank) => {
      toRep[o] = rank;
    });
    const map = new Int32Array(list.length * rep.length);
    list.forEach((b, i) => {
      const own = byUnit[b] as Int32Array;
      for (let o = 0; o < rep.length; o += 1) map[i * rep.length + o] = own[toRep[o] ?? 0] ?? 0;
    });
    return map;
  });
  const bookings = members.map(
    (list, k): TModelBooking => ({ ...(model.bookings[list[0] ?? 0] as TModelBooking), index: k }),
  );
  const classModel: TDayModel = {
    ...model,
    bookings,
    optionCount: bookings.reduce((sum, b) => sum + b.options.length, 0),
  };
  const multiplicity = Int32Array.from(members, (list) => list.length);
  const cliques = findConflictCliques({ model: classModel, multiplicity });
  const colCount = cliques.colStart[bookings.length] ?? 0;
  const classLevels = levels.map((level) => {
    const costs = new Float64Array(colCount);
    members.forEach((list, k) => {
      const from = colStart[list[0] ?? 0] ?? 0;
      const count = bookings[k]?.options.length ?? 0;
      costs.set(level.costs.subarray(from, from + count), cliques.colStart[k] ?? 0);
    });
    return { ...level, costs };
  });
  return {
    model: classModel,
    members,
    optionOf,
    problem: {
      colCount,
      cliques,
      rows: buildMilpRows({ model: classModel, cliques, multiplicity }),
      levels: classLevels,
    },
    levelCount,
  };
}
