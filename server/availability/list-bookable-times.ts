import { isWithinBookingHorizon } from "@/server/booking/booking-horizon";
import { loadBookingRules } from "@/server/booking/load-booking-rules";
import type { TServiceWindow } from "@/server/booking/resolve-service-window";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import { buildOccupancy, hasCandidate, resolveRequest, type TCompiledVenue, type TOccupancy } from "@/server/planner";
import { getCompiledVenue, venueSettingsOfRules } from "@/server/venue/get-compiled-venue";
import type { TBookableTime, TBookableTimes } from "./bookable-times-schema";
import { exceedsPacing } from "./exceeds-pacing";
import { loadOccupancySnapshot, type TOccupancySnapshot } from "./load-occupancy-snapshot";
import { loadStartCovers } from "./load-start-covers";
import { planServiceDay, type TDayStart } from "./plan-service-day";
import {
  hasStalledBookings,
  PLANNING_CONTEXT_MS,
  partyMixOf,
  reserveForStalledEarlier,
} from "./reserve-for-stalled-earlier";

/** A start that passed every check made without the floor: its booking window and its slot's pacing caps. */
type TOpenStart = TDayStart & { window: TServiceWindow };

/**
 * GET /api/availability's use case: every start of a local date's service periods, each `available` only if a
 * booking from `source` made at `now` would be SEATED on tables — the checks of createBooking in its order (party
 * size, the past, the horizon, the service window, pacing), then a table plan from the planner for the booking's
 * window (onlineOnly for online bookings, tables set aside for stalled earlier bookings), the question the
 * coordinator's assignment asks. The rules are read fresh (not from the process's rules cache, which only a
 * refused booking refreshes); the day's occupancy and covers are read ONCE, and every start is planned against
 * them. Reads only; nothing is held for the guest, so a time may be taken between this answer and the booking.
 */
export async function listBookableTimes({
  db,
  restaurantId,
  date,
  partySize,
  source,
  now,
}: {
  db: Queryable;
  restaurantId: string;
  date: string;
  partySize: number;
  source: BookingSource;
  now: Date;
}): Promise<TBookableTimes> {
  const rules = await loadBookingRules(db, restaurantId);
  if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const head = { date, partySize, timezone: rules.timezone };
  const day = planServiceDay({ rules, date, partySize, source });
  if (day.closedBecause) return { ...head, times: [], reason: "closed", closedBecause: day.closedBecause };

  // createBookingInTx's order: the past (notBefore = now for booking clients), the horizon, the service window.
  const times: TBookableTime[] = [];
  const open: Array<TOpenStart & { index: number }> = [];
  for (const start of day.starts) {
    const entry: TBookableTime = { time: start.time, startsAt: start.startsAtIso, available: false };
    if (start.startsAt.getTime() < now.getTime()) entry.reason = "past";
    else if (!isWithinBookingHorizon({ startsAt: start.startsAt, now, rules })) entry.reason = "horizon";
    else if (!start.window) entry.reason = "closed";
    else open.push({ ...start, window: start.window, index: times.length });
    times.push(entry);
  }
  if (open.length === 0) return { ...head, times };

  // Widened as the coordinator widens one booking's snapshot, so the floor around any start is all here.
  const from = new Date(Math.min(...open.map((s) => s.window.startsAt.getTime())) - PLANNING_CONTEXT_MS);
  const to = new Date(Math.max(...open.map((s) => s.window.endsAt.getTime())) + PLANNING_CONTEXT_MS);
  const slotsFrom = new Date(Math.min(...open.map((s) => s.window.slotStart.getTime())));
  const slotsTo = new Date(Math.max(...open.map((s) => s.window.slotEnd.getTime())));
  // Independent reads, issued together (on PostgreSQL: separate pooled connections at once).
  const [{ venue }, floor, covers] = await Promise.all([
    getCompiledVenue(db, {
      restaurantId,
      settings: venueSettingsOfRules(rules),
    }),
    loadOccupancySnapshot(db, { restaurantId, from, to }),
    open.some((s) => s.pacing) ? loadStartCovers(db, { restaurantId, from: slotsFrom, to: slotsTo }) : [],
  ]);
  const asOf = now.getTime();
  const occupancy = buildOccupancy({ venue, intervals: floor.intervals, asOf });
  const stalledNow = hasStalledBookings({ floor, asOf });
  for (const start of open) {
    const entry = times[start.index] as TBookableTime;
    if (start.pacing && exceedsPacing({ pacing: start.pacing, covers, partySize, source })) {
      entry.reason = "pacing";
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
    if (hasCandidate({ venue, occupancy: floorLeft ?? occupancy, request })) entry.available = true;
    else entry.reason = "no_table";
  }
  return { ...head, times };
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
