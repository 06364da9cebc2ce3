import { buildOccupancy, rankTablePlans, type TCompiledVenue, type TOccupancy, type TPartyMix } from "@/server/planner";
import type { TOccupancySnapshot } from "./load-occupancy-snapshot";

// Shared by the coordinator's planning (planBookingTables) and availability (listBookableTimes), so a time offered
// as available is judged by the very rules that will place the booking.

/** A booking's plan reads occupancy and competing demand over its window widened by this much on each side:
 * enough for future fit and for nextTimes to look an evening around the request. */
export const PLANNING_CONTEXT_MS = 4 * 60 * 60_000;
// A booking still waiting for tables this long after it was made has been held up (its worker died, the
// database restarted): healthy ones are placed within milliseconds.
const STALLED_AFTER_MS = 1000;
// …and one waiting longer than this is not held up by a passing fault but stuck (its job gone): later bookings
// stop waiting for it.
const STALLED_FOR_AT_MOST_MS = 60_000;

/** The party-size shares of the bookings in a snapshot (future fit). */
export function partyMixOf(sizes: number[]): TPartyMix {
  const mix: Record<number, number> = {};
  for (const size of sizes) mix[size] = (mix[size] ?? 0) + 1 / sizes.length;
  return mix;
}

/**
 * First come, first served survives a fault: bookings made before this one that are still waiting for tables
 * well after they were made (their worker died mid-run, the database restarted) keep their place. Each, oldest
 * first, is planned on the floor as it is and its best plan set aside for it, then this booking is planned on
 * what is left. Without stalled bookings (the normal case) the occupancy is the floor's, at no cost. A booking
 * that finds nothing because of such a reservation waits for them (a transient failure), never goes to review.
 * `booking`: the one being planned — its window (epoch ms) and when it was made (undefined: it is not in the
 * snapshot, and nothing is set aside).
 */
export function reserveForStalledEarlier({
  venue,
  floor,
  booking,
  asOf,
  partyMix,
}: {
  venue: TCompiledVenue;
  floor: TOccupancySnapshot;
  booking: { id: string; start: number; end: number; createdAt: number | undefined };
  asOf: number;
  partyMix: TPartyMix;
}): { occupancy: TOccupancy; reservedForEarlier: number } {
  const madeAt = booking.createdAt;
  const stalled =
    madeAt !== undefined
      ? floor.bookings
          .filter(
            (b) =>
              (b.status === "assignment_pending" || b.status === "assignment_in_progress") &&
              b.id !== booking.id &&
              b.createdAt < madeAt &&
              b.createdAt < asOf - STALLED_AFTER_MS &&
              b.createdAt > asOf - STALLED_FOR_AT_MOST_MS &&
              b.start < booking.end &&
              b.end > booking.start,
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

/** Could any booking of the snapshot be set aside for at `asOf` (waiting, and made 1 to 60 seconds ago)? */
export function hasStalledBookings({ floor, asOf }: { floor: TOccupancySnapshot; asOf: number }): boolean {
  return floor.bookings.some(
    (b) =>
      (b.status === "assignment_pending" || b.status === "assignment_in_progress") &&
      b.createdAt < asOf - STALLED_AFTER_MS &&
      b.createdAt > asOf - STALLED_FOR_AT_MOST_MS,
  );
}
