import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * GET /api/availability: which start times of one local date a booking client may offer a party. Years 2000–9999
 * only, as for booking starts (the date is read as wall time in the restaurant's zone; earlier years are nonsense
 * for a booking, and two-digit years would be misread by Date.UTC).
 */
export const ZBookableTimesQuerySchema = z.object({
  date: zServiceDate,
  partySize: z.coerce
    .number({ message: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(1)
    .max(100),
});

export type TBookableTimesQuery = z.infer<typeof ZBookableTimesQuerySchema>;

/**
 * Why a start is not offered, checked in the order POST /api/bookings checks: `past` (before now), `cutoff` (an
 * online booking must start at least the restaurant's last-minute cut-off after now: too late to book online), `horizon`
 * (beyond the restaurant's booking horizon), `closed` (the service period at that time takes no party this size),
 * `pacing` (the slot's covers, all or online, would pass a cap), `no_table` (no online-bookable table or merge is
 * free for the booking's whole window — turn time for the party + buffer — counting tables the pipeline sets aside
 * for earlier bookings a fault held up as taken).
 */
export const BOOKABLE_TIME_REASONS = ["closed", "past", "cutoff", "horizon", "pacing", "no_table"] as const;
export type TBookableTimeReason = (typeof BOOKABLE_TIME_REASONS)[number];

export type TBookableTime = {
  /** Local wall time in the restaurant's zone, `HH:MM`. */
  time: string;
  /** The instant, ISO 8601 UTC: what to send as `startsAt` to POST /api/bookings. */
  startsAt: string;
  available: boolean;
  reason?: TBookableTimeReason;
};

/**
 * The day's starts in time order. A day without seatings for the party — closed that date (`closed_date`: a date
 * exception), no service period that weekday, or the
 * party larger than the restaurant takes or than every period's turn times cover — has `times: []` and
 * `reason: "closed"` with `closedBecause` saying which.
 */
export type TBookableTimes = {
  date: string;
  partySize: number;
  timezone: string;
  times: TBookableTime[];
  reason?: "closed";
  closedBecause?: "no_service" | "closed_date" | "party_size";
};
