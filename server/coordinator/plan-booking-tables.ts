import { loadOccupancySnapshot } from "@/server/availability/load-occupancy-snapshot";
import {
  PLANNING_CONTEXT_MS,
  partyMixOf,
  reserveForStalledEarlier,
} from "@/server/availability/reserve-for-stalled-earlier";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import { rankTablePlans, type TPlanRequest, type TPlanResult, type TService } from "@/server/planner";
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

/** Staff's narrowing of a quote: one zone only, tables to leave out, a smaller merge (see TPlanRequest). */
export type TPlanConstraints = Pick<TPlanRequest, "zone" | "zoneLocked" | "avoidTables" | "maxTables">;

/** What a plan needs besides live occupancy, when the caller already read it with the booking. */
export type TPlanningContext = {
  settings: TVenueSettings;
  /** The booking's service period's seating window (local times), null for a booking outside any period. */
  period: { opensAt: string; lastSeatingAt: string } | null;
};

const DEFAULT_PLAN_LIMIT = 5;
// A ranking spread among racers stays well inside the planner's bound on plans per request (100).
const MAX_SPREAD_LIMIT = 64;
const WAITING = ["capacity_verified", "assignment_pending", "assignment_in_progress", "manual_review"] as const;

/**
 * A fresh snapshot (venue, live allocations, competing unplaced bookings, the day's party mix) and the planner's
 * ranked plans for one booking. Reads only; the commit re-checks everything under the booking's row lock.
 * `planning` (settings and seating window read with the booking) saves two reads; live occupancy and competing
 * bookings are always read fresh. `limit`: how many of the ranked plans to return (best first).
 * `racersAhead`: runners assigning a booking whose window overlaps this one right now (claimed, not yet placed)
 * whose ids sort before this booking's. Every runner sorts them the same way, so in a burst each can aim at a
 * different plan instead of all at the best one; with `spreadAmongRacers` the ranking is that much longer.
 * `constraints`: staff's narrowing of a quote (zone only, tables left out, merge size), applied to nextTimes too.
 */
export async function planBookingTables({
  db,
  booking,
  asOf,
  planning,
  limit = DEFAULT_PLAN_LIMIT,
  spreadAmongRacers = false,
  constraints = {},
}: {
  db: Queryable;
  booking: TAssignableBooking;
  asOf: Date;
  planning?: TPlanningContext;
  limit?: number;
  spreadAmongRacers?: boolean;
  constraints?: TPlanConstraints;
}): Promise<TPlanResult & { snapshotMs: number; racersAhead: number; reservedForEarlier: number }> {
  const started = performance.now();
  const from = new Date(booking.startsAt.getTime() - PLANNING_CONTEXT_MS);
  const to = new Date(booking.endsAt.getTime() + PLANNING_CONTEXT_MS);
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
    booking: {
      id: booking.id,
      start: booking.startsAt.getTime(),
      end: booking.endsAt.getTime(),
      createdAt: floor.bookings.find((b) => b.id === booking.id)?.createdAt,
    },
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
    ? serviceOf({ booking, period, timezone: settings.timezone, slotMinutes: settings.slotMinutes, asOf })
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
      ...constraints,
      limit: spreadAmongRacers ? Math.min(MAX_SPREAD_LIMIT, limit + racersAhead) : limit,
    },
    upcoming,
    partyMix,
    ...(service ? { service } : {}),
  });
  return { ...result, snapshotMs, racersAhead, reservedForEarlier };
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

function serviceOf({
  booking,
  period,
  timezone,
  slotMinutes,
  asOf,
}: {
  booking: TAssignableBooking;
  period: NonNullable<TPlanningContext["period"]>;
  timezone: string;
  slotMinutes: number;
  asOf: Date;
}): TService {
  const { date } = toZonedParts(booking.startsAt, timezone);
  return {
    start: zonedTimeToInstant({ date, time: period.opensAt, timeZone: timezone }).getTime(),
    lastSeating: zonedTimeToInstant({ date, time: period.lastSeatingAt, timeZone: timezone }).getTime(),
    slotMinutes,
    // Next times are offers: never one already past (a walk-in at 18:57 was offered 18:15).
    notBefore: asOf.getTime(),
  };
}
