import { DomainError } from "@/server/errors/domain-error";
import { toZonedParts } from "@/server/time/zoned-time";
import type { TBookingRules } from "./load-booking-rules";

type THorizonRules = Pick<TBookingRules, "bookingHorizonDays" | "timezone">;

/**
 * The restaurant opens its book `bookingHorizonDays` ahead (a setting): a start is bookable at `now` up to and
 * including now + that many days. The one statement of the rule: createBooking refuses by it, and availability
 * (server/availability) marks times beyond it `horizon` by it.
 */
export function isWithinBookingHorizon({
  startsAt,
  now,
  rules,
}: {
  startsAt: Date;
  now: Date;
  rules: Pick<TBookingRules, "bookingHorizonDays">;
}): boolean {
  return startsAt.getTime() <= lastBookableInstant({ now, rules }).getTime();
}

/** Refuses a start beyond the horizon with BEYOND_BOOKING_HORIZON, naming the last bookable local date. */
export function assertWithinHorizon({
  startsAt,
  now,
  rules,
}: {
  startsAt: Date;
  now: Date;
  rules: THorizonRules;
}): void {
  if (isWithinBookingHorizon({ startsAt, now, rules })) return;
  const lastBookableDate = toZonedParts(lastBookableInstant({ now, rules }), rules.timezone).date;
  throw new DomainError(
    "BEYOND_BOOKING_HORIZON",
    `bookings open ${rules.bookingHorizonDays} days ahead; ${startsAt.toISOString()} is later`,
    {
      hint: `Choose a date up to ${lastBookableDate}: the restaurant takes bookings ${rules.bookingHorizonDays} days ahead`,
      meta: { horizonDays: rules.bookingHorizonDays, lastBookableDate },
      errors: [{ path: "startsAt", message: `must be on or before ${lastBookableDate}` }],
    },
  );
}

function lastBookableInstant({ now, rules }: { now: Date; rules: Pick<TBookingRules, "bookingHorizonDays"> }): Date {
  return new Date(now.getTime() + rules.bookingHorizonDays * 86_400_000);
}

type TCutoffRules = Pick<TBookingRules, "bookingCutoffMinutes" | "timezone">;

/**
 * The last-minute cut-off (a setting): an ONLINE booking must start at least `bookingCutoffMinutes` after now;
 * staff (phone, walk-in, ops) may still book later. The one statement of the rule: createBooking refuses by it,
 * availability marks such starts `cutoff` by it.
 */
export function isBeforeOnlineCutoff({
  startsAt,
  now,
  rules,
  source,
}: {
  startsAt: Date;
  now: Date;
  rules: Pick<TBookingRules, "bookingCutoffMinutes">;
  source: string;
}): boolean {
  if (source !== "online" || rules.bookingCutoffMinutes <= 0) return false;
  return startsAt.getTime() < now.getTime() + rules.bookingCutoffMinutes * 60_000;
}

/** Refuses an online start inside the cut-off with TOO_LATE_TO_BOOK_ONLINE, naming the earliest bookable time. */
export function assertOnlineCutoff({
  startsAt,
  now,
  rules,
  source,
}: {
  startsAt: Date;
  now: Date;
  rules: TCutoffRules;
  source: string;
}): void {
  if (!isBeforeOnlineCutoff({ startsAt, now, rules, source })) return;
  const earliest = new Date(now.getTime() + rules.bookingCutoffMinutes * 60_000);
  const local = toZonedParts(earliest, rules.timezone);
  throw new DomainError(
    "TOO_LATE_TO_BOOK_ONLINE",
    `online bookings close ${rules.bookingCutoffMinutes} minutes before the start; ${startsAt.toISOString()} is too soon`,
    {
      hint: `Too late to book online: choose a time from ${local.date} ${local.time.slice(0, 5)} on, or call the restaurant`,
      meta: { cutoffMinutes: rules.bookingCutoffMinutes, earliestStart: earliest.toISOString() },
      errors: [{ path: "startsAt", message: `must be at least ${rules.bookingCutoffMinutes} minutes from now` }],
    },
  );
}
