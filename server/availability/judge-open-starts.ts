import type { TBookingRules } from "@/server/booking/load-booking-rules";
import type { TServiceWindow } from "@/server/booking/resolve-service-window";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import { buildOccupancy, hasCandidate, resolveRequest, type TCompiledVenue, type TOccupancy } from "@/server/planner";
import { getCompiledVenue, venueSettingsOfRules } from "@/server/venue/get-compiled-venue";
import type { TStartVerdict } from "./bookable-times-cache";
import { exceedsPacing } from "./exceeds-pacing";
import { loadOccupancySnapshot, type TOccupancySnapshot } from "./load-occupancy-snapshot";
import { loadStartCovers } from "./load-start-covers";
import type { TDayStart } from "./plan-service-day";
import {
  hasStalledBookings,
  PLANNING_CONTEXT_MS,
  partyMixOf,
  reserveForStalledEarlier,
} from "./reserve-for-stalled-earlier";

/** A start that passed every check made without the floor: its booking window and its slot's pacing caps. */
export type TOpenStart = TDayStart & { window: TServiceWindow };

// reserveForStalledEarlier sets tables aside for waiting bookings made 1 to 60 s ago: while one made within the
// last minute is in the snapshot, the answers change with the clock alone (no event), so they are not cached.
const WAITING_MATTERS_FOR_MS = 60_000;

export type TStartJudgement = {
  /** By start instant (ISO). */
  verdicts: Map<string, TStartVerdict>;
  /** Expiry (epoch ms) of every live hold in the snapshot: each frees its tables when it lapses. */
  holdExpiries: number[];
  /** False when the answers depend on the clock (waiting bookings made within the last minute). */
  cacheable: boolean;
};

/**
 * The expensive part of availability: the floor around the open starts (occupancy and covers read once, widened
 * as the coordinator widens one booking's snapshot) and, per start, the pacing caps then a table plan from the
 * planner for the booking's window (onlineOnly for online bookings, tables set aside for stalled earlier
 * bookings) — the question the coordinator's assignment asks.
 */
export async function judgeOpenStarts({
  db,
  rules,
  open,
  partySize,
  source,
  now,
}: {
  db: Queryable;
  rules: TBookingRules;
  open: readonly TOpenStart[];
  partySize: number;
  source: BookingSource;
  now: Date;
}): Promise<TStartJudgement> {
  const from = new Date(Math.min(...open.map((s) => s.window.startsAt.getTime())) - PLANNING_CONTEXT_MS);
  const to = new Date(Math.max(...open.map((s) => s.window.endsAt.getTime())) + PLANNING_CONTEXT_MS);
  const slotsFrom = new Date(Math.min(...open.map((s) => s.window.slotStart.getTime())));
  const slotsTo = new Date(Math.max(...open.map((s) => s.window.slotEnd.getTime())));
  // Independent reads, issued together (on PostgreSQL: separate pooled connections at once).
  const { restaurantId } = rules;
  const [{ venue }, floor, covers] = await Promise.all([
    getCompiledVenue(db, { restaurantId, settings: venueSettingsOfRules(rules) }),
    loadOccupancySnapshot(db, { restaurantId, from, to }),
    open.some((s) => s.pacing) ? loadStartCovers(db, { restaurantId, from: slotsFrom, to: slotsTo }) : [],
  ]);
  const asOf = now.getTime();
  const occupancy = buildOccupancy({ venue, intervals: floor.intervals, asOf });
  const stalledNow = hasStalledBookings({ floor, asOf });
  const verdicts = new Map<string, TStartVerdict>();
  for (const start of open) {
    if (start.pacing && exceedsPacing({ pacing: start.pacing, covers, partySize, source })) {
      verdicts.set(start.startsAtIso, "pacing");
      continue;
    }
    const request = resolveRequest({
      venue,
      request: {
        partySize,
        start: start.window.startsAt.getTime(),
        end: start.window.endsAt.getTime(),
        onlineOnly: source === "online",
        limit: 1,
      },
    });
    const floorLeft = stalledNow ? occupancyLeftBy({ venue, floor, start, partySize, asOf }) : occupancy;
    const seated = hasCandidate({ venue, occupancy: floorLeft ?? occupancy, request });
    verdicts.set(start.startsAtIso, seated ? "available" : "no_table");
  }
  return {
    verdicts,
    holdExpiries: floor.intervals.flatMap((i) =>
      i.kind === "hold" && i.expiresAt !== undefined && i.expiresAt > asOf ? [i.expiresAt] : [],
    ),
    cacheable: !floor.bookings.some(
      (b) =>
        (b.status === "assignment_pending" || b.status === "assignment_in_progress") &&
        b.createdAt > asOf - WAITING_MATTERS_FOR_MS,
    ),
  };
}

/**
 * The occupancy the coordinator would plan this start's booking on while bookings made 1–60 s ago still wait for
 * tables (a fault held them up): its snapshot (the window ± PLANNING_CONTEXT_MS, cut from the day's), with their
 * plans set aside first by the same function, and the party mix counting the new booking as its snapshot would.
 * Undefined when nothing is set aside for this window (the day's occupancy then answers).
 */
function occupancyLeftBy({
  venue,
  floor,
  start,
  partySize,
  asOf,
}: {
  venue: TCompiledVenue;
  floor: TOccupancySnapshot;
  start: TOpenStart;
  partySize: number;
  asOf: number;
}): TOccupancy | undefined {
  const begin = start.window.startsAt.getTime();
  const end = start.window.endsAt.getTime();
  const from = begin - PLANNING_CONTEXT_MS;
  const to = end + PLANNING_CONTEXT_MS;
  const near: TOccupancySnapshot = {
    intervals: floor.intervals.filter((i) => i.start < to && i.end > from),
    bookings: floor.bookings.filter((b) => b.start < to && b.end > from),
  };
  const { occupancy, reservedForEarlier } = reserveForStalledEarlier({
    venue,
    floor: near,
    booking: { id: "", start: begin, end, createdAt: asOf },
    asOf,
    partyMix: partyMixOf([...near.bookings.map((b) => b.partySize), partySize]),
  });
  return reservedForEarlier > 0 ? occupancy : undefined;
}
