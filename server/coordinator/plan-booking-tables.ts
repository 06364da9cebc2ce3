import { loadOccupancySnapshot, type TOccupancySnapshot } from "@/server/availability/load-occupancy-snapshot";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import {
  buildOccupancy,
  rankTablePlans,
  type TCompiledVenue,
  type TOccupancy,
  type TPartyMix,
  type TPlanResult,
  type TService,
} from "@/server/planner";
import { toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";
import { getCompiledVenue, type TVenueSettings } from "@/server/venue/get-compiled-venue";

export type TAssignableBooking = {
  id: string;
  restaurantId: string;
  partySize: number;
  startsAt: Date;
  endsAt: Date;
  source: BookingSource;
  preferredZoneId: string | null;
  servicePeriodId: string | null;
};

/** What a plan needs besides live occupancy, when the caller already read it with the booking. */
export type TPlanningContext = {
  settings: TVenueSettings;
  /** The booking's service period's seating window (local times), null for a booking outside any period. */
  period: { opensAt: string; lastSeatingAt: string } | null;
};

// Occupancy and competing demand are read for the booking's window widened by this much on each side:
// enough for future fit and for nextTimes to look an evening around the request.
const CONTEXT_MS = 4 * 60 * 60_000;
const DEFAULT_PLAN_LIMIT = 5;
// A ranking spread among racers stays well inside the planner's bound on plans per request (100).
const MAX_SPREAD_LIMIT = 64;
const WAITING = ["capacity_verified", "assignment_pending", "assignment_in_progress", "manual_review"] as const;
// A booking still waiting for tables this long after it was made has been held up (its worker died, the
// database restarted): healthy ones are placed within milliseconds.
const STALLED_AFTER_MS = 1000;
// …and one waiting longer than this is not held up by a passing fault but stuck (its job gone): later bookings
// stop waiting for it.
const STALLED_FOR_AT_MOST_MS = 60_000;

/**
 * A fresh snapshot (venue, live allocations, competing unplaced bookings, the day's party mix) and the planner's
 * ranked plans for one booking. Reads only; the commit re-checks everything under the booking's row lock.
 * `planning` (settings and seating window read with the booking) saves two reads; live occupancy and competing
 * bookings are always read fresh. `limit`: how many of the ranked plans to return (best first).
 * `racersAhead`: runners assigning a booking whose window overlaps this one right now (claimed, not yet placed)
 * whose ids sort before this booking's. Every runner sorts them the same way, so in a burst each can aim at a
 * different plan instead of all at the best one; with `spreadAmongRacers` the ranking is that much longer.
 */
export async function planBookingTables({
  db,
  booking,
  asOf,
  planning,
  limit = DEFAULT_PLAN_LIMIT,
  spreadAmongRacers = false,
}: {
  db: Queryable;
  booking: TAssignableBooking;
  asOf: Date;
  planning?: TPlanningContext;
  limit?: number;
  spreadAmongRacers?: boolean;
}): Promise<TPlanResult & { snapshotMs: number; racersAhead: number; reservedForEarlier: number }> {
  const started = performance.now();
  const from = new Date(booking.startsAt.getTime() - CONTEXT_MS);
  const to = new Date(booking.endsAt.getTime() + CONTEXT_MS);
  // Independent reads, issued together: on PostgreSQL they run on separate pooled connections at once.
  const [{ venue, settings }, floor, period] = await Promise.all([
    getCompiledVenue(db, {
      restaurantId: booking.restaurantId,
      ...(planning ? { settings: planning.settings } : {}),
    }),
    loadOccupancySnapshot(db, { restaurantId: booking.restaurantId, from, to }),
    planning ? planning.period : loadSeatingWindow(db, booking.servicePeriodId),
  ]);
  const partyMix = partyMixOf(floor.bookings.map((b) => b.partySize));
  const { occupancy, reservedForEarlier } = reserveForStalledEarlier({
    venue,
    floor,
    booking,
    asOf: asOf.getTime(),
    partyMix,
  });
  const upcoming = floor.bookings
    .filter((b) => b.id !== booking.id && (WAITING as readonly string[]).includes(b.status))
    .map((b) => ({ partySize: b.partySize, start: b.start, end: b.end }));
  const racersAhead = floor.bookings.filter(
    (b) =>
      b.status === "assignment_in_progress" &&
      b.id < booking.id &&
      b.start < booking.endsAt.getTime() &&
      b.end > booking.startsAt.getTime(),
  ).length;
  const service = period
    ? serviceOf({ booking, period, timezone: settings.timezone, slotMinutes: settings.slotMinutes })
    : null;
  const snapshotMs = performance.now() - started;
  const result = rankTablePlans({
    venue,
    occupancy,
    request: {
      partySize: booking.partySize,
      start: booking.startsAt.getTime(),
      end: booking.endsAt.getTime(),
      zone: booking.preferredZoneId,
      onlineOnly: booking.source === "online",
      ignoreBookingId: booking.id,
      limit: spreadAmongRacers ? Math.min(MAX_SPREAD_LIMIT, limit + racersAhead) : limit,
    },
    upcoming,
    partyMix,
    ...(service ? { service } : {}),
  });
  return { ...result, snapshotMs, racersAhead, reservedForEarlier };
}

/**
 * First come, first served survives a fault: bookings made before this one that are still waiting for tables
 * well after they were made (their worker died mid-run, the database restarted) keep their place. Each, oldest
 * first, is planned on the floor as it is and its best plan set aside for it, then this booking is planned on
 * what is left. Without stalled bookings (the normal case) the occupancy is the floor's, at no cost. A booking
 * that finds nothing because of such a reservation waits for them (a transient failure), never goes to review.
 */
function reserveForStalledEarlier({
  venue,
  floor,
  booking,
  asOf,
  partyMix,
}: {
  venue: TCompiledVenue;
  floor: TOccupancySnapshot;
  booking: TAssignableBooking;
  asOf: number;
  partyMix: TPartyMix;
}): { occupancy: TOccupancy; reservedForEarlier: number } {
  const self = floor.bookings.find((b) => b.id === booking.id);
  const stalled = self
    ? floor.bookings
        .filter(
          (b) =>
            (b.status === "assignment_pending" || b.status === "assignment_in_progress") &&
            b.id !== booking.id &&
            b.createdAt < self.createdAt &&
            b.createdAt < asOf - STALLED_AFTER_MS &&
            b.createdAt > asOf - STALLED_FOR_AT_MOST_MS &&
            b.start < booking.endsAt.getTime() &&
            b.end > booking.startsAt.getTime(),
        )
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    : [];
  let intervals = floor.intervals;
  let occupancy = buildOccupancy({ venue, intervals, asOf });
  let reservedForEarlier = 0;
  for (const earlier of stalled) {
    const [plan] = rankTablePlans({
      venue,
      occupancy,
      request: {
        partySize: earlier.partySize,
        start: earlier.start,
        end: earlier.end,
        onlineOnly: earlier.source === "online",
        ignoreBookingId: earlier.id,
        limit: 1,
      },
      upcoming: [],
      partyMix,
    }).plans;
    if (!plan) continue;
    const held = plan.tableIds.map((tableId) => ({
      tableId,
      bookingId: earlier.id,
      kind: "hold" as const,
      start: earlier.start,
      end: earlier.end,
    }));
    intervals = [...intervals, ...held];
    occupancy = buildOccupancy({ venue, intervals, asOf });
    reservedForEarlier += 1;
  }
  return { occupancy, reservedForEarlier };
}

async function loadSeatingWindow(db: Queryable, servicePeriodId: string | null): Promise<TPlanningContext["period"]> {
  if (!servicePeriodId) return null;
  const row = await db
    .selectFrom("service_periods")
    .select(["opens_at", "last_seating_at"])
    .where("id", "=", servicePeriodId)
    .executeTakeFirst();
  return row ? { opensAt: row.opens_at, lastSeatingAt: row.last_seating_at } : null;
}

function partyMixOf(sizes: number[]): TPartyMix {
  const mix: Record<number, number> = {};
  for (const size of sizes) mix[size] = (mix[size] ?? 0) + 1 / sizes.length;
  return mix;
}

function serviceOf({
  booking,
  period,
  timezone,
  slotMinutes,
}: {
  booking: TAssignableBooking;
  period: NonNullable<TPlanningContext["period"]>;
  timezone: string;
  slotMinutes: number;
}): TService {
  const { date } = toZonedParts(booking.startsAt, timezone);
  return {
    start: zonedTimeToInstant({ date, time: period.opensAt, timeZone: timezone }).getTime(),
    lastSeating: zonedTimeToInstant({ date, time: period.lastSeatingAt, timeZone: timezone }).getTime(),
    slotMinutes,
  };
}
