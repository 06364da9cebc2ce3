import type { TBookingRules } from "@/server/booking/load-booking-rules";
import { pacingCheckOf, type TPacingCheck } from "@/server/booking/pacing-check";
import { resolveServiceWindow, type TServiceWindow } from "@/server/booking/resolve-service-window";
import { isDomainError } from "@/server/errors/domain-error";
import type { BookingSource } from "@/server/infra/db/schema";
import { closedDayReason, listServiceStarts, type TClosedBecause } from "./list-service-starts";

/** One start of the day for the party: its booking window and slot caps, or null when its period takes no party
 * this size (createBooking's OUTSIDE_SERVICE / PARTY_TOO_LARGE from resolveServiceWindow). */
export type TDayStart = {
  readonly time: string;
  readonly startsAt: Date;
  readonly startsAtIso: string;
  readonly window: TServiceWindow | null;
  readonly pacing: TPacingCheck | null;
};

export type TServiceDay =
  | { readonly closedBecause: TClosedBecause }
  | { readonly closedBecause: null; readonly starts: readonly TDayStart[] };

// Enough for every date and party size a busy day of availability traffic asks about, for many restaurants.
const MAX_ENTRIES = 5000;
const cache = new Map<string, TServiceDay>();

type TServiceDayInput = { rules: TBookingRules; date: string; partySize: number; source: BookingSource };

/**
 * What a local date's seatings are for a party, before the floor and the clock: the starts (DST-safe wall times
 * and their instants) with the window createBooking would compute (resolveServiceWindow) and the pacing check it
 * would make. A pure function of the booking rules, the date, the party and the source, and the rules are a pure
 * function of (restaurant, rules_version): triggers bump rules_version on any change to the restaurant's rules,
 * its service periods or turn times, and the caller reads the rules fresh, so an entry keyed on that version
 * can never be stale. Cached because the time-zone arithmetic (Intl) is most of a request's CPU time.
 */
export function planServiceDay({ rules, date, partySize, source }: TServiceDayInput): TServiceDay {
  const key = `${rules.restaurantId}|${rules.rulesVersion}|${date}|${partySize}|${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const day = computeServiceDay({ rules, date, partySize, source });
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, day);
  return day;
}

function computeServiceDay({ rules, date, partySize, source }: TServiceDayInput): TServiceDay {
  const closedBecause = closedDayReason({ rules, date, partySize });
  if (closedBecause) return { closedBecause };
  const starts = listServiceStarts({ rules, date }).map(({ time, startsAt }): TDayStart => {
    let window: TServiceWindow | null = null;
    try {
      window = resolveServiceWindow({ rules, startsAt, partySize });
    } catch (error) {
      if (!isDomainError(error, "PARTY_TOO_LARGE") && !isDomainError(error, "OUTSIDE_SERVICE")) throw error;
    }
    return {
      time,
      startsAt,
      startsAtIso: startsAt.toISOString(),
      window,
      pacing: window ? pacingCheckOf(window, source) : null,
    };
  });
  return { closedBecause: null, starts };
}
