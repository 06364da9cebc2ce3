import type { TBookingRules } from "@/server/booking/load-booking-rules";
import { closedDayExceptionOf, periodsOnDate } from "@/server/booking/periods-on-date";
import { timeToSeconds, toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";

/** One start on a service period's grid: local wall time `HH:MM` and the instant it denotes. */
export type TServiceStart = { time: string; startsAt: Date };

export type TClosedBecause = "no_service" | "closed_date" | "party_size";

/** ISO weekday (1 = Monday) of a calendar date, whatever the zone: a date's weekday is the same everywhere. */
export function isoWeekdayOf(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/**
 * Why a whole local date has no seating for the party, or null when it has some: the restaurant closed that date
 * by an exception (`closed_date`); no active service period that day, its exceptions applied (`no_service`); or a party larger than the restaurant takes or than every period's turn times cover
 * (`party_size`: createBooking refuses it with PARTY_TOO_LARGE whatever the time).
 */
export function closedDayReason({
  rules,
  date,
  partySize,
}: {
  rules: TBookingRules;
  date: string;
  partySize: number;
}): TClosedBecause | null {
  if (closedDayExceptionOf(rules, date)) return "closed_date";
  const today = periodsOnDate(rules, date);
  if (today.length === 0) return "no_service";
  if (partySize > rules.maxPartySize) return "party_size";
  return today.some((p) => p.turnTimes.some((t) => t.maxPartySize >= partySize)) ? null : "party_size";
}

/**
 * Every start of the date's service periods (its exceptions applied): opens_at, then every `slotMinutes` up to last_seating_at, in local
 * wall time, in time order, each once (periods may overlap). Wall times are stepped, not instants, so a DST change
 * keeps the grid on the clock ("19:00" stays 19:00 local); a wall time that does not exist that day (the
 * spring-forward gap, e.g. 01:00–01:59 in London) is left out, rather than shifted onto a later start. In the
 * repeated autumn hour a wall time denotes its earlier instant, as a booking sent with that local time does.
 */
export function listServiceStarts({ rules, date }: { rules: TBookingRules; date: string }): TServiceStart[] {
  const slotSeconds = rules.slotMinutes * 60;
  const byInstant = new Map<number, TServiceStart>();
  for (const period of periodsOnDate(rules, date)) {
    const last = timeToSeconds(period.lastSeatingAt);
    for (let s = timeToSeconds(period.opensAt); s <= last && s < 86_400; s += slotSeconds) {
      const time = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}`;
      const startsAt = zonedTimeToInstant({ date, time, timeZone: rules.timezone });
      const local = toZonedParts(startsAt, rules.timezone);
      if (local.date !== date || local.time.slice(0, 5) !== time) continue;
      byInstant.set(startsAt.getTime(), { time, startsAt });
    }
  }
  return [...byInstant.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

const pad = (n: number) => String(n).padStart(2, "0");
