import type { TPlannerConfig, TPlannerPolicy, TStrategyName, TStrategyWeights } from "./planner-config";

/** Epoch milliseconds. Inside the planner every time is an exact integer instant: no grid, no rounding. */
export type TInstant = number;

/** A table as the venue describes it (ids are opaque: uuids from the database, labels like "A1" in the CLI). */
export type TTableInput = {
  id: string;
  zone: string;
  capacity: number;
  minParty?: number;
  mergeable?: boolean;
  priority?: number;
  active?: boolean;
  onlineBookable?: boolean;
};

export type TVenueInput = {
  /** Restaurant id; with `version` it keys the compiled-venue cache. */
  id?: string;
  /** Bumped whenever tables, adjacency or planner config change. */
  version?: string | number;
  timezone?: string;
  tables: readonly TTableInput[];
  /** Undirected: [a, b] and [b, a] are the same edge. */
  adjacency: readonly (readonly [string, string])[];
};

export type TCompiledTable = {
  index: number;
  id: string;
  zone: string;
  capacity: number;
  minParty: number;
  mergeable: boolean;
  priority: number;
  active: boolean;
  onlineBookable: boolean;
};

/**
 * One way to seat a party, independent of time: a single active table, or a set of active mergeable tables that
 * is allowed to be merged (connected, one zone, at most `maxTablesPerPlan`, per policy). This list is the ONE
 * definition of a structurally valid plan; quotes and the day optimizer only filter it by party and time.
 */
export type TPlanUnit = {
  /** Position in `TCompiledVenue.units` (sorted by capacity, then key). */
  index: number;
  /** Ascending table indices. */
  tableIndices: readonly number[];
  /** Table ids sorted by plain string order (`<`), so output never depends on the locale. */
  tableIds: readonly string[];
  /** `tableIds` joined with "+": unique per unit, the final tie-break. */
  key: string;
  capacity: number;
  /** Smallest party the unit accepts: the largest `minParty` of its tables. */
  minParty: number;
  /** The zone when all tables share one (always, unless `allowCrossZone`), else null. */
  zone: string | null;
  zones: readonly string[];
  /** Longest shortest path inside the merge (0 for a single table); the table count when not connected. */
  diameter: number;
  prioritySum: number;
  onlineBookable: boolean;
};

export type TCompiledVenue = {
  cacheKey: string | null;
  timezone: string | null;
  config: TPlannerConfig;
  policy: TPlannerPolicy;
  weights: TStrategyWeights;
  /** Sorted by id, so indices (and everything derived) do not depend on input order. */
  tables: readonly TCompiledTable[];
  indexById: ReadonlyMap<string, number>;
  /** Sorted neighbour indices per table (all adjacency edges, regardless of zone or mergeability). */
  neighbours: readonly (readonly number[])[];
  /** The subset of `neighbours` a merge may use (same zone unless `allowCrossZone`). */
  mergeNeighbours: readonly (readonly number[])[];
  zones: readonly string[];
  /** Active tables per zone, in `zones` order. */
  activeTablesPerZone: readonly number[];
  zoneIndexOfTable: Int32Array;
  /** Singles and merges, sorted by capacity ascending then key, so a quote scans only a capacity range. */
  units: readonly TPlanUnit[];
  unitCapacities: Int32Array;
  inactiveTableCount: number;
};

export type TOccupancyInterval = {
  tableId: string;
  start: TInstant;
  end: TInstant;
  kind?: "assignment" | "hold";
  bookingId?: string;
  /** Holds stop blocking at this instant (see `asOf` in buildOccupancy). */
  expiresAt?: TInstant;
};

export type TOccupancy = {
  /** Per table index: merged, sorted, disjoint busy intervals as flat [start0, end0, start1, end1, …]. */
  busy: readonly Float64Array[];
  /** Raw intervals per table index, sorted by start; only read when a request ignores one booking. */
  raw: readonly (readonly TOccupancyInterval[])[];
  bookingIds: ReadonlySet<string>;
  /** Intervals naming a table the venue does not have, or empty/reversed, or expired holds. */
  ignored: number;
};

export type TPlanRequest = {
  partySize: number;
  start: TInstant;
  end: TInstant;
  /** Preferred zone; with `zoneLocked` the only zone allowed. */
  zone?: string | null;
  zoneLocked?: boolean;
  avoidTables?: readonly string[];
  /** At most this many tables per plan (staff asking for a smaller merge than the venue allows). */
  maxTables?: number;
  limit?: number;
  /** Online bookings may only use online-bookable tables. */
  onlineOnly?: boolean;
  /** Re-planning a booking: its own allocations do not block it. */
  ignoreBookingId?: string;
};

/** A known booking not yet placed on tables, competing for the same evening. */
export type TUpcomingBooking = { partySize: number; start: TInstant; end: TInstant };

/** Expected share of parties by size over the service (e.g. {2: 0.5, 4: 0.3, 6: 0.2}). */
export type TPartyMix = Readonly<Record<number, number>>;

/** Outcomes of past plans per table (and party size, when known): from assignment attempts and ops overrides. */
export type TTableStat = { tableId: string; partySize?: number; successes: number; failures: number };

export type TService = {
  start: TInstant;
  lastSeating: TInstant;
  slotMinutes: number;
  /** No next time before this instant (the planner's "now": a time already past is no offer to a guest). */
  notBefore?: TInstant;
};

export const REJECTION_REASONS = [
  "capacity",
  "overage",
  "inactive",
  "avoided",
  "not_online",
  "zone",
  "busy",
  "not_mergeable",
  "not_adjacent",
] as const;
export type TRejectionReason = (typeof REJECTION_REASONS)[number];
export type TRejectionCounts = Record<TRejectionReason, number>;

export type TStrategyBreakdown = { value: number; weight: number; score: number; reason: string };

export type TTablePlan = {
  tableIds: string[];
  zone: string | null;
  capacity: number;
  overage: number;
  score: number;
  /** Per strategy, keyed by its name (the built-in ones: STRATEGY_NAMES). */
  breakdown: Record<string, TStrategyBreakdown>;
};

export type TPlanDiagnostics = {
  /**
   * Units (single tables and precomputed merges) ruled out, each under the first rule it failed: capacity/overage
   * (outside party..party+maxOverage, or below a table's min party), not_online, avoided, zone, busy. Plus, per table:
   * `inactive` (never forms a unit), and for usable tables too small alone, `not_mergeable` (fixed) or
   * `not_adjacent` (no usable mergeable neighbour). All keys are always present.
   */
  rejected: TRejectionCounts;
  /** Units examined one by one (those inside the party's capacity range). */
  combinationsEvaluated: number;
  /** Units that passed every rule (before `limit`). */
  candidates: number;
  /** Precomputed units of the venue (singles + merges). */
  unitsTotal: number;
  durationMs: number;
};

export type TPlanResult = {
  plans: TTablePlan[];
  diagnostics: TPlanDiagnostics;
  /** Only when no plan exists and a service is given: nearest slot starts that would have one. */
  nextTimes: TInstant[];
};

export type { TPlannerConfig, TPlannerPolicy, TStrategyName, TStrategyWeights };
