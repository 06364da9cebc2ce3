import type { TBookingRules } from "@/server/booking/load-booking-rules";
import { periodsOnDate } from "@/server/booking/periods-on-date";
import { zonedTimeToInstant } from "@/server/time/zoned-time";
import type { TOpsBooking } from "./load-ops-floor";
import { OPS_SLOT_MINUTES } from "./ops-availability-schema";

const SLOT_MS = OPS_SLOT_MINUTES * 60_000;
/** Past local midnight, bookings of the date still run (a late seating and its turn): read that far too. */
const AFTER_MIDNIGHT_MS = 6 * 3_600_000;

/** An interval in epoch ms, half-open [start, end). */
export type TSpan = { start: number; end: number };

/** A service period on the date, as instants (epoch ms), with its pacing caps. */
export type TDayPeriod = {
  id: string;
  name: string;
  start: number;
  lastSeating: number;
  end: number;
  pacingCap: number | null;
  onlinePacingCap: number | null;
};

/**
 * The local date as instants: `day` from its midnight to the next (23 or 25 hours on a DST change), and the range to
 * read the floor over (the day, and the small hours after it).
 */
export function opsDayRange({ date, timezone }: { date: string; timezone: string }): { day: TSpan; read: TSpan } {
  const start = zonedTimeToInstant({ date, time: "00:00", timeZone: timezone }).getTime();
  const end = zonedTimeToInstant({ date: nextDate(date), time: "00:00", timeZone: timezone }).getTime();
  return { day: { start, end }, read: { start, end: end + AFTER_MIDNIGHT_MS } };
}

/**
 * The active service periods of the date, its exceptions applied (periodsOnDate: a closed day has none, special
 * hours replace a service's times), in the rules' order (opening time, then name), each from its opening to its
 * closing wall time on the date (DST-safe: a wall time in the spring-forward gap is read as the instant after it).
 * The closing time: special hours' on such a date, else `closesAt` (by period id, as the floor read it), else the
 * period's own.
 */
export function listDayPeriods({
  rules,
  closesAt,
  date,
}: {
  rules: TBookingRules;
  closesAt?: Readonly<Record<string, string>>;
  date: string;
}): TDayPeriod[] {
  const at = (time: string) => zonedTimeToInstant({ date, time, timeZone: rules.timezone }).getTime();
  // Special hours come as a new object; the weekly period is the rules' own.
  const weekly = new Set(rules.periods);
  return periodsOnDate(rules, date).map((p) => ({
    id: p.id,
    name: p.name,
    start: at(p.opensAt),
    lastSeating: at(p.lastSeatingAt),
    end: at((weekly.has(p) ? closesAt?.[p.id] : undefined) ?? p.closesAt ?? p.lastSeatingAt),
    pacingCap: p.pacingCoversPerSlot,
    onlinePacingCap: p.pacingOnlineCoversPerSlot,
  }));
}

/** Whether a booking belongs to the local date: it starts on it (as findDayBookings counts a day's bookings). */
export function isOfDay(booking: Pick<TOpsBooking, "start">, day: TSpan): boolean {
  return booking.start >= day.start && booking.start < day.end;
}

/**
 * The span the timeline and heatmap cover: the hull of the date's service periods and of its bookings (a booking
 * moved outside service hours is still shown), widened to whole 15-minute slots. Offsets of every zone in use are
 * whole quarter hours, so epoch quarter hours are local quarter hours too. Null when there is nothing to show.
 */
export function opsDayWindow({
  periods,
  bookings,
  day,
}: {
  periods: readonly TDayPeriod[];
  bookings: readonly TOpsBooking[];
  day: TSpan;
}): TSpan | null {
  const spans: TSpan[] = [...periods, ...bookings.filter((b) => isOfDay(b, day))];
  if (spans.length === 0) return null;
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const from = Math.floor(start / SLOT_MS) * SLOT_MS;
  return { start: from, end: Math.max(Math.ceil(end / SLOT_MS) * SLOT_MS, from + SLOT_MS) };
}

function nextDate(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
