import { createPrng } from "../create-prng";
import type { TDayModel } from "../model/build-day-model";
import { compareScores, type TPlanChoice } from "../model/compute-plan-metrics";
import { createPlanState, type TPlanState } from "./create-plan-state";
import { improvePlanLns } from "./improve-plan-lns";
import { INSERTION_ORDERS, insertBookingsGreedily, movableBookings, orderBookings } from "./insert-bookings-greedily";
import { roundLpPlan, type TLpGuide } from "./round-lp-plan";

export type THeuristicOutcome = { choice: TPlanChoice; iterations: number; improvements: number };

/**
 * LNS steps per movable booking: an LP-guided start needs few; without one (venues too big for the LP in the
 * budget) more search buys ~1 % of covers on 150-table evenings (see docs/benchmarks.md).
 */
export const ITERATIONS_PER_BOOKING = { guided: 6, unguided: 30 } as const;
/** Share of the steps spent exploring with only covers and bookings deciding; the rest polishes. */
const EXPLORE_SHARE = 0.7;

/**
 * Fast re-plan. Start from the best of several constructions — the current plan completed greedily, three greedy
 * insertion orders, and (when an LP relaxation is supplied) the rounded LP — then improve by large-neighbourhood
 * search: first accepting any step that keeps covers and bookings (waste, merges, moves may drift, which lets the
 * search cross plateaus), then polishing the best plan found under the full lexicographic objective.
 * Deterministic for a given seed and step budget; `deadline` only cuts the search short on a slow machine.
 */
export function solveHeuristic({
  model,
  start,
  guide,
  seed = 1,
  iterations,
  deadline = Number.POSITIVE_INFINITY,
}: {
  model: TDayModel;
  start?: TPlanChoice;
  guide?: TLpGuide;
  seed?: number;
  iterations?: number;
  deadline?: number;
}): THeuristicOutcome {
  const movable = movableBookings(model);
  const fill = (state: TPlanState, order: (typeof INSERTION_ORDERS)[number]) => {
    insertBookingsGreedily({ state, bookings: orderBookings({ bookings: movable, order }), snug: true });
    return state;
  };
  const candidates = INSERTION_ORDERS.map((order) => fill(createPlanState({ model }), order));
  if (start) candidates.push(fill(createPlanState({ model, choice: start }), "difficulty"));
  if (guide) {
    const rounded = createPlanState({ model });
    roundLpPlan({ state: rounded, model, guide });
    candidates.push(fill(rounded, "difficulty"));
  }
  const state = candidates.reduce((best, c) => (compareScores(c.score(), best.score()) > 0 ? c : best));
  state.commit();
  const budget = iterations ?? ITERATIONS_PER_BOOKING[guide ? "guided" : "unguided"] * movable.length;
  const prng = createPrng(seed);
  const explore = improvePlanLns({
    state,
    prng,
    iterations: Math.round(budget * EXPLORE_SHARE),
    deadline,
    acceptPrefix: 2,
  });
  const polished = createPlanState({ model, choice: explore.best });
  const polish = improvePlanLns({ state: polished, prng, iterations: budget - explore.iterations, deadline });
  return {
    choice: polish.best,
    iterations: explore.iterations + polish.iterations,
    improvements: explore.improvements + polish.improvements,
  };
}
