import {
  buildOccupancy,
  compileVenue,
  rankTablePlans,
  type TCompiledVenue,
  type TInstant,
  type TOccupancyInterval,
  type TPartyMix,
  type TPlannerConfigInput,
  type TVenueInput,
} from "@/server/planner";
import {
  DEFAULT_REPAIR_LIMITS,
  findRepairPlan,
  type TRepairLimits,
  type TRepairMove,
  type TRepairResult,
} from "./find-repair-plan";

/** One booking request as it arrives (the input's order is the arrival order). */
export type TOnlineBooking = {
  id: string;
  partySize: number;
  start: TInstant;
  end: TInstant;
  preferredZone?: string | null;
  onlineOnly?: boolean;
};

export type TOnlineAssigner = "planner" | "smallest-fit";

export type TOnlineReplayResult = {
  /** Seated bookings in input order; `moved` when an online repair moved it after it was first placed. */
  assignments: { bookingId: string; tableIds: string[]; change: "placed" | "moved" }[];
  unplaced: string[];
  metrics: {
    seatedBookings: number;
    seatedCovers: number;
    wastedSeats: number;
    mergedTables: number;
    moves: number;
    bumped: number;
    zoneMisses: number;
  };
  repairs: { tried: number; succeeded: number; moves: number; log: { bookingId: string; moves: TRepairMove[] }[] };
};

// The coordinator reads the floor this far around a booking (PLANNING_CONTEXT_MS in server/availability): the
// party mix and the competing unplaced bookings come from that window.
const CONTEXT_MS = 4 * 60 * 60_000;

/**
 * Decide each booking in arrival order as the coordinator does, with no knowledge of later ones: the planner's
 * best plan on the floor as it stands (party mix of the bookings seen so far around it, unplaced ones — in review —
 * as competing demand); when none exists and `repair` is on, the bounded online repair; else it stays unplaced
 * (the coordinator sends it to review). `assigner: "smallest-fit"` is the first-come-first-served baseline (the
 * smallest free plan, never revisited). Pure: nothing but the input is read.
 */
export function replayOnlineDay({
  venue: venueInput,
  config,
  compiled,
  bookings,
  repair = false,
  limits = DEFAULT_REPAIR_LIMITS,
  assigner = "planner",
  onRepair,
  onDecided,
  admit,
}: {
  venue: TVenueInput;
  config?: TPlannerConfigInput;
  compiled?: TCompiledVenue;
  bookings: readonly TOnlineBooking[];
  repair?: boolean;
  limits?: TRepairLimits;
  assigner?: TOnlineAssigner;
  /** Sees each repair attempt (benchmarks count the reasons). */
  onRepair?: (result: TRepairResult, booking: TOnlineBooking) => void;
  /** Sees how long each booking's decision took (plan, and repair when tried), in milliseconds (the strategy lab). */
  onDecided?: (booking: TOnlineBooking, durationMs: number) => void;
  /**
   * A yield policy: a booking it does not admit stays unplaced even when a plan exists (benchmarks use it to
   * measure what refusing bookings that fit could win; the product seats every booking that fits).
   */
  admit?: (booking: TOnlineBooking) => boolean;
}): TOnlineReplayResult {
  const venue = compiled ?? compileVenue({ venue: venueInput, ...(config ? { config } : {}) });
  const tablesOf = new Map<string, readonly string[]>();
  const initial = new Map<string, readonly string[]>();
  const seen: TOnlineBooking[] = [];
  const repairs: TOnlineReplayResult["repairs"] = { tried: 0, succeeded: 0, moves: 0, log: [] };
  for (const booking of bookings) {
    const started = performance.now();
    decide(booking);
    onDecided?.(booking, performance.now() - started);
  }
  function decide(booking: TOnlineBooking): void {
    seen.push(booking);
    if (admit && !admit(booking)) return;
    const near = seen.filter((b) => b.start < booking.end + CONTEXT_MS && b.end > booking.start - CONTEXT_MS);
    const intervals: TOccupancyInterval[] = near.flatMap((b) =>
      (tablesOf.get(b.id) ?? []).map((tableId) => ({ tableId, start: b.start, end: b.end, bookingId: b.id })),
    );
    const occupancy = buildOccupancy({ venue, intervals });
    const partyMix = mixOf(near.map((b) => b.partySize));
    const request = {
      partySize: booking.partySize,
      start: booking.start,
      end: booking.end,
      zone: booking.preferredZone ?? null,
      onlineOnly: booking.onlineOnly ?? false,
      ignoreBookingId: booking.id,
    };
    const plan =
      assigner === "smallest-fit"
        ? smallestFit(rankTablePlans({ venue, occupancy, request: { ...request, limit: 100 }, strategies: [] }).plans)
        : rankTablePlans({
            venue,
            occupancy,
            request: { ...request, limit: 1 },
            upcoming: near
              .filter((b) => b.id !== booking.id && !tablesOf.has(b.id))
              .map((b) => ({ partySize: b.partySize, start: b.start, end: b.end })),
            partyMix,
          }).plans[0];
    if (plan) {
      tablesOf.set(booking.id, plan.tableIds);
      initial.set(booking.id, plan.tableIds);
      return;
    }
    if (!repair) return;
    repairs.tried += 1;
    const found = findRepairPlan({
      venue,
      bookings: near.flatMap((b) => {
        const tableIds = tablesOf.get(b.id);
        return tableIds
          ? [
              {
                id: b.id,
                partySize: b.partySize,
                start: b.start,
                end: b.end,
                tableIds,
                movable: true,
                zone: b.preferredZone ?? null,
                onlineOnly: b.onlineOnly ?? false,
              },
            ]
          : [];
      }),
      request: { ...request, id: booking.id },
      partyMix,
      // A replay must not depend on the machine's load: the count bound decides, not the clock.
      limits: { ...limits, timeBudgetMs: Number.POSITIVE_INFINITY },
    });
    onRepair?.(found, booking);
    if (!found.found) return;
    repairs.succeeded += 1;
    repairs.moves += found.moves.length;
    repairs.log.push({ bookingId: booking.id, moves: found.moves });
    for (const move of found.moves) tablesOf.set(move.bookingId, move.toTableIds);
    tablesOf.set(booking.id, found.tableIds);
    initial.set(booking.id, found.tableIds);
  }
  return summarise({ venue, bookings, tablesOf, initial, repairs });
}

function smallestFit<T extends { capacity: number; tableIds: readonly string[] }>(plans: readonly T[]): T | undefined {
  // rankTablePlans without strategies orders by table count first; FCFS smallest-fit wants seats first.
  return [...plans].sort(
    (a, b) =>
      a.capacity - b.capacity ||
      a.tableIds.length - b.tableIds.length ||
      (a.tableIds.join("+") < b.tableIds.join("+") ? -1 : 1),
  )[0];
}

function mixOf(sizes: readonly number[]): TPartyMix {
  const mix: Record<number, number> = {};
  for (const size of sizes) mix[size] = (mix[size] ?? 0) + 1 / sizes.length;
  return mix;
}

function summarise({
  venue,
  bookings,
  tablesOf,
  initial,
  repairs,
}: {
  venue: TCompiledVenue;
  bookings: readonly TOnlineBooking[];
  tablesOf: ReadonlyMap<string, readonly string[]>;
  initial: ReadonlyMap<string, readonly string[]>;
  repairs: TOnlineReplayResult["repairs"];
}): TOnlineReplayResult {
  const assignments: TOnlineReplayResult["assignments"] = [];
  const unplaced: string[] = [];
  const metrics = { ...EMPTY_METRICS };
  for (const b of bookings) {
    const tableIds = tablesOf.get(b.id);
    if (!tableIds) {
      unplaced.push(b.id);
      continue;
    }
    const moved = (initial.get(b.id) ?? []).join("+") !== tableIds.join("+");
    assignments.push({ bookingId: b.id, tableIds: [...tableIds], change: moved ? "moved" : "placed" });
    const capacity = tableIds.reduce(
      (sum, id) => sum + (venue.tables[venue.indexById.get(id) ?? -1]?.capacity ?? 0),
      0,
    );
    metrics.seatedBookings += 1;
    metrics.seatedCovers += b.partySize;
    metrics.wastedSeats += capacity - b.partySize;
    if (tableIds.length > 1) metrics.mergedTables += tableIds.length;
    const zone = venue.tables[venue.indexById.get(tableIds[0] ?? "") ?? -1]?.zone;
    if (b.preferredZone && zone !== b.preferredZone) metrics.zoneMisses += 1;
  }
  metrics.moves = repairs.moves;
  return { assignments, unplaced, metrics, repairs };
}

const EMPTY_METRICS: TOnlineReplayResult["metrics"] = {
  seatedBookings: 0,
  seatedCovers: 0,
  wastedSeats: 0,
  mergedTables: 0,
  moves: 0,
  bumped: 0,
  zoneMisses: 0,
};
