import { loadOccupancyIntervals } from "@/server/availability/load-occupancy-intervals";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import { buildOccupancy, rankTablePlans, type TPartyMix, type TPlanResult, type TService } from "@/server/planner";
import { toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";
import { getCompiledVenue } from "@/server/venue/get-compiled-venue";

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

// Occupancy and competing demand are read for the booking's window widened by this much on each side:
// enough for future fit and for nextTimes to look an evening around the request.
const CONTEXT_MS = 4 * 60 * 60_000;
const WAITING = ["capacity_verified", "assignment_pending", "assignment_in_progress", "manual_review"] as const;

/**
 * A fresh snapshot (venue, live allocations, competing unplaced bookings, the day's party mix) and the planner's
 * ranked plans for one booking. Reads only; the commit re-checks everything under the booking's row lock.
 */
export async function planBookingTables({
  db,
  booking,
  asOf,
}: {
  db: Queryable;
  booking: TAssignableBooking;
  asOf: Date;
}): Promise<TPlanResult & { snapshotMs: number }> {
  const started = performance.now();
  const from = new Date(booking.startsAt.getTime() - CONTEXT_MS);
  const to = new Date(booking.endsAt.getTime() + CONTEXT_MS);
  // Independent reads, issued together: on PostgreSQL they run on separate pooled connections at once.
  const [{ venue, settings }, intervals, competing, period] = await Promise.all([
    getCompiledVenue(db, { restaurantId: booking.restaurantId }),
    loadOccupancyIntervals(db, { restaurantId: booking.restaurantId, from, to }),
    db
      .selectFrom("bookings")
      .select(["id", "party_size", "starts_at", "ends_at", "status"])
      .where("restaurant_id", "=", booking.restaurantId)
      .where("starts_at", "<", to)
      .where("ends_at", ">", from)
      .where("status", "not in", ["cancelled", "no_show", "completed"])
      .execute(),
    booking.servicePeriodId
      ? db
          .selectFrom("service_periods")
          .select(["opens_at", "last_seating_at"])
          .where("id", "=", booking.servicePeriodId)
          .executeTakeFirst()
      : undefined,
  ]);
  const occupancy = buildOccupancy({ venue, intervals, asOf: asOf.getTime() });
  const upcoming = competing
    .filter((b) => b.id !== booking.id && (WAITING as readonly string[]).includes(b.status))
    .map((b) => ({
      partySize: b.party_size,
      start: new Date(b.starts_at).getTime(),
      end: new Date(b.ends_at).getTime(),
    }));
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
      limit: 5,
    },
    upcoming,
    partyMix: partyMixOf(competing.map((b) => b.party_size)),
    ...(service ? { service } : {}),
  });
  return { ...result, snapshotMs };
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
  period: { opens_at: string; last_seating_at: string };
  timezone: string;
  slotMinutes: number;
}): TService {
  const { date } = toZonedParts(booking.startsAt, timezone);
  return {
    start: zonedTimeToInstant({ date, time: period.opens_at, timeZone: timezone }).getTime(),
    lastSeating: zonedTimeToInstant({ date, time: period.last_seating_at, timeZone: timezone }).getTime(),
    slotMinutes,
  };
}
