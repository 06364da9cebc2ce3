import { loadBookingRules } from "@/server/booking/load-booking-rules";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { buildOpsHeatmap } from "./build-ops-heatmap";
import { buildOpsTimeline } from "./build-ops-timeline";
import { loadOpsFloor } from "./load-ops-floor";
import { loadStartCovers } from "./load-start-covers";
import { OPS_SLOT_MINUTES, type TOpsAvailabilityResponse } from "./ops-availability-schema";
import { listDayPeriods, opsDayRange, opsDayWindow } from "./resolve-ops-day";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * GET /api/ops/availability's use case: the timeline and heatmap of one restaurant-day in three reads whatever the
 * size of the day — the booking rules (time zone, service periods, caps), then together the floor (one statement:
 * tables, allocations, bookings) and the covers per start that pacing counts. Everything else is pure
 * (build-ops-timeline, build-ops-heatmap) over what was read.
 */
export async function getOpsAvailability({
  db,
  restaurantId,
  date,
  now,
}: {
  db: Queryable;
  restaurantId: string;
  date: string;
  now: Date;
}): Promise<TOpsAvailabilityResponse> {
  const rules = await loadBookingRules(db, restaurantId);
  if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const { day, read } = opsDayRange({ date, timezone: rules.timezone });
  const range = { restaurantId, from: new Date(read.start), to: new Date(read.end) };
  // Independent reads, issued together (on PostgreSQL: two pooled connections at once).
  const [floor, startCovers] = await Promise.all([loadOpsFloor(db, range), loadStartCovers(db, range)]);
  const periods = listDayPeriods({ rules, closesAt: floor.closesAt, date });
  const window = opsDayWindow({ periods, bookings: floor.bookings, day });
  const { timeline, unassigned } = buildOpsTimeline({ floor, window, day, now: now.getTime() });
  return {
    restaurantId,
    date,
    timezone: rules.timezone,
    slotMinutes: OPS_SLOT_MINUTES,
    asOf: now.toISOString(),
    window: window ? { start: iso(window.start), end: iso(window.end) } : null,
    periods: periods.map((p) => ({
      id: p.id,
      name: p.name,
      start: iso(p.start),
      lastSeatingAt: iso(p.lastSeating),
      end: iso(p.end),
    })),
    timeline,
    adjacency: floor.adjacency,
    unassigned,
    heatmap: buildOpsHeatmap({ floor, window, timezone: rules.timezone, periods, startCovers }),
  };
}
