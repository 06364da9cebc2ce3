import type { TInstant, TPlannerConfigInput, TVenueInput } from "@/server/planner";

/**
 * One booking of the day as the optimizer sees it. `tableIds` is the current plan (null: not placed);
 * `fixed` bookings (checked in, pinned by ops, inside the freeze window) keep exactly these tables.
 */
export type TOptimizerBooking = {
  id: string;
  partySize: number;
  start: TInstant;
  end: TInstant;
  tableIds: readonly string[] | null;
  fixed: boolean;
  preferredZone?: string | null;
};

export const OBJECTIVE_CRITERIA = ["keepSeated", "covers", "bookings", "waste", "merges", "moves", "zone"] as const;
/**
 * covers/bookings are maximised; keepSeated (bookings that had tables and lose them), waste (spare seats), merges
 * (tables in merges), moves and zone misses are minimised.
 */
export type TObjectiveCriterion = (typeof OBJECTIVE_CRITERIA)[number];
export const DEFAULT_OBJECTIVE: readonly TObjectiveCriterion[] = [
  "covers",
  "bookings",
  "waste",
  "merges",
  "moves",
  "zone",
];

export type TSolverChoice = "auto" | "exact" | "heuristic";
export type TSolverName = "exact" | "heuristic";

export type TOptimizerInput = {
  venue: TVenueInput;
  config?: TPlannerConfigInput;
  bookings: readonly TOptimizerBooking[];
  solver?: TSolverChoice;
  /** Wall-clock budget for the whole run (model, heuristic, MILP). */
  timeLimitMs?: number;
  /** Lexicographic order of the criteria; criteria left out are ignored. */
  objective?: readonly TObjectiveCriterion[];
  /** Bookings placed on tables and starting before `asOf + freezeMs` are treated as fixed. */
  freeze?: { asOf: TInstant; freezeMs: number };
  /** Seed of the heuristic's pseudo-random moves (same seed, same plan). */
  seed?: number;
  /**
   * Never unseat a booking that has tables: it may move, not lose them (keepSeated becomes the first criterion,
   * so this holds whenever the current plan is itself valid; a booking whose current tables are no longer a valid
   * plan and that fits nowhere else is still reported in `bumped`, with a warning).
   */
  keepSeated?: boolean;
};

export type TOptimizerMetrics = {
  seatedBookings: number;
  seatedCovers: number;
  /** Σ (capacity − party) over seated bookings. */
  wastedSeats: number;
  /** Tables taking part in a merge (A+B counts 2). */
  mergedTables: number;
  /** Movable bookings that had tables and now have other tables, or none. */
  moves: number;
  /** Movable bookings that had tables and now have none (also counted in `moves`). */
  bumped: number;
  /** Seated bookings with a preferred zone seated elsewhere. */
  zoneMisses: number;
};

export type TAssignmentChange = "fixed" | "kept" | "moved" | "placed";
export type TOptimizerAssignment = { bookingId: string; tableIds: string[]; change: TAssignmentChange };

export type TOptimizerResult = {
  /** Seated bookings in input order. */
  assignments: TOptimizerAssignment[];
  /** Bookings left without tables, in input order (those that lost their tables are also in `bumped`). */
  unplaced: string[];
  bumped: string[];
  metrics: TOptimizerMetrics;
  /** The input plan measured the same way (invalid current placements included as given). */
  baseline: TOptimizerMetrics;
  solver: TSolverName;
  /** Every objective level proven optimal. */
  optimal: boolean;
  /** Leading criteria proven optimal (e.g. ["covers", "bookings"] when only the tie-breaks ran out of time). */
  provenCriteria: TObjectiveCriterion[];
  /** (coversUpperBound − seatedCovers) / coversUpperBound: 0 means no plan can seat more covers. */
  gap: number;
  /** Proven bound on seated covers: from the MILP or LP relaxation when they ran, else the total demand. */
  coversUpperBound: number;
  durationMs: number;
  warnings: string[];
};
