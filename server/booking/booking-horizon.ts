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
