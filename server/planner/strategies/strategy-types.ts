import type { TResolvedRequest } from "../resolve-request";
import type { TCompiledVenue, TOccupancy, TPartyMix, TPlanUnit, TTableStat, TUpcomingBooking } from "../types";

/** Everything a strategy may read for one quote. */
export type TQuoteContext = {
  venue: TCompiledVenue;
  occupancy: TOccupancy;
  request: TResolvedRequest;
  /** Busy flag per table index over the request window. */
  busy: Uint8Array;
  upcoming: readonly TUpcomingBooking[];
  partyMix?: TPartyMix;
  stats?: readonly TTableStat[];
};

/**
 * A strategy scores one candidate unit. `value` is in [-1, 1] (0 = neutral / no information) and is multiplied by
 * the strategy's weight. Scoring is split from explaining because a quote scores every candidate but only explains
 * the few it returns: formatting hundreds of reason strings would cost more than the search itself.
 */
export type TStrategyScorer = {
  value: (unit: TPlanUnit) => number;
  reason: (unit: TPlanUnit, value: number) => string;
};

export type TStrategy = {
  /** Also the key of its weight in planner_config.weights (and of its entry in each plan's breakdown). */
  name: string;
  /** Per-quote setup (zone loads, demand per table, …) so that `value` is O(tables in the unit). */
  prepare: (quote: TQuoteContext) => TStrategyScorer;
};

export function clamp(value: number, min = -1, max = 1): number {
  return Math.min(max, Math.max(min, value));
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
