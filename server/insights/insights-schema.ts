import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * The Insights contract (GET /api/ops/insights), universal: the route validates with it and the page parses with
 * it. Every day is a local calendar day in the restaurant's zone and every time a local wall time.
 */
export const INSIGHTS_MAX_DAYS = 92;

/** Whole days from `from` to `to`, both included (calendar arithmetic, no zone needed). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const ZInsightsQuerySchema = z
  .object({ restaurantId: z.uuid(), from: zServiceDate, to: zServiceDate })
  .superRefine((query, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(query.from) || !/^\d{4}-\d{2}-\d{2}$/.test(query.to)) return;
    const days = daysInRange(query.from, query.to);
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be on or after from" });
    } else if (days > INSIGHTS_MAX_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `the range is ${days} days; choose at most ${INSIGHTS_MAX_DAYS} days`,
      });
    }
  });
export type TInsightsQuery = z.infer<typeof ZInsightsQuerySchema>;

/** Covers starting in one slot of the day (local time), over the range's days. */
export const ZCoversSlotSchema = z.object({
  /** Local time of day the slot starts, HH:MM. */
  time: z.string(),
  /** Covers booked (every status but cancelled) starting in this slot, summed over the range. */
  totalCovers: z.int(),
  /** totalCovers divided by the days this slot was open (or had bookings). */
  averageCovers: z.number(),
  /** The most covers in this slot on one day, and that day. */
  peakCovers: z.int(),
  peakDate: z.string().nullable(),
  /** The service's pacing cap for this slot (the highest of the range's days); null: no cap. */
  cap: z.int().nullable(),
  /** peakCovers / cap (1 = at the cap); null without a cap. */
  peakShareOfCap: z.number().nullable(),
});

/** Seat-minutes at one zone's tables in one local hour, summed over the range's days. */
export const ZUtilisationCellSchema = z.object({
  zoneId: z.uuid(),
  zone: z.string(),
  /** Local hour, 0–23. */
  hour: z.int(),
  usedSeatMinutes: z.number(),
  /** Active tables' seats × the minutes of that hour a service was open, over the range's days. */
  availableSeatMinutes: z.number(),
  /** used / available, null when nothing was open. */
  utilisation: z.number().nullable(),
});

export const ZOutcomeDaySchema = z.object({
  date: z.string(),
  /** assignment_attempts rows by outcome (assigned, no_plan, conflict …). */
  outcomes: z.record(z.string(), z.int()),
});

export const ZReviewDaySchema = z.object({
  date: z.string(),
  /** Moves to manual review by reason code. */
  reasons: z.record(z.string(), z.int()),
});

export const ZWasteDaySchema = z.object({
  date: z.string(),
  assignedBookings: z.int(),
  seatsAssigned: z.int(),
  covers: z.int(),
  /** Seats at the bookings' tables minus their parties. */
  seatsWasted: z.int(),
});

export const ZAttendanceDaySchema = z.object({
  date: z.string(),
  bookings: z.int(),
  covers: z.int(),
  noShows: z.int(),
  noShowCovers: z.int(),
  cancellations: z.int(),
  cancelledCovers: z.int(),
});

export const ZLatencyDaySchema = z.object({
  date: z.string(),
  attempts: z.int(),
  p50Ms: z.number(),
  p95Ms: z.number(),
});

export const ZLatencySchema = z.object({
  /** The planner's own time (assignment_attempts.planner_stats.plannerMs) per day. */
  planner: z.array(ZLatencyDaySchema),
  /** Each attempt's whole decision before its commit (assignment_attempts.duration_ms) per day. */
  decision: z.array(ZLatencyDaySchema),
  /** Commit latency is not stored per attempt: always null, with the reason. */
  commit: z.null(),
  commitReason: z.string(),
});

export const ZInsightsResponseSchema = z.object({
  restaurantId: z.uuid(),
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.int(),
  slotMinutes: z.int(),
  /** Seats at the active tables (the ceiling for covers at once). */
  totalSeats: z.int(),
  coversBySlot: z.array(ZCoversSlotSchema),
  utilisation: z.array(ZUtilisationCellSchema),
  outcomesByDay: z.array(ZOutcomeDaySchema),
  reviewsByDay: z.array(ZReviewDaySchema),
  wasteByDay: z.array(ZWasteDaySchema),
  attendanceByDay: z.array(ZAttendanceDaySchema),
  latency: ZLatencySchema,
});
export type TInsights = z.infer<typeof ZInsightsResponseSchema>;
export type TCoversSlot = z.infer<typeof ZCoversSlotSchema>;
export type TUtilisationCell = z.infer<typeof ZUtilisationCellSchema>;
