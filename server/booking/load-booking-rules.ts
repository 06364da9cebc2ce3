import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { Database } from "@/server/infra/db/schema";

export type TServicePeriodRules = {
  id: string;
  name: string;
  /** ISO weekdays, 1 = Monday. */
  daysOfWeek: number[];
  /** Local times, `HH:MM:SS`. */
  opensAt: string;
  lastSeatingAt: string;
  /** Every party has left by then (same calendar day). */
  closesAt: string;
  bufferMinutes: number;
  pacingCoversPerSlot: number | null;
  pacingOnlineCoversPerSlot: number | null;
  /** Ascending by maxPartySize: the first that fits the party is its turn time. */
  turnTimes: Array<{ maxPartySize: number; turnMinutes: number }>;
};

/**
 * A date exception to the weekly hours (service_exceptions): the whole day closed (`servicePeriodId` null), one
 * service closed, or one service's special hours that date (times `HH:MM:SS`). Applied by periodsOnDate.
 */
export type TServiceException = {
  id: string;
  /** Local date `YYYY-MM-DD` in the restaurant's zone. */
  date: string;
  servicePeriodId: string | null;
  closed: boolean;
  opensAt: string | null;
  lastSeatingAt: string | null;
  closesAt: string | null;
  note: string | null;
};

/** Everything a new booking is checked against: the restaurant's settings and its active service periods. */
export type TBookingRules = {
  restaurantId: string;
  timezone: string;
  slotMinutes: number;
  maxPartySize: number;
  autoConfirm: boolean;
  noShowUndoMinutes: number;
  checkInLeadMinutes: number;
  /** Bookings may start at most this many days from now. */
  bookingHorizonDays: number;
  /** Online bookings must start at least this many minutes after now (0: up to the start itself). */
  bookingCutoffMinutes: number;
  venueVersion: number;
  /** Bumped by triggers on any change to these rules: the cache key, and create_booking's check. */
  rulesVersion: number;
  /** Active periods, by opening time then name. */
  periods: TServicePeriodRules[];
  /**
   * Date exceptions from a week ago on (older dates take no bookings; the ops view of an older date shows its
   * weekly hours). Part of the rules so every cache keyed on rules_version (bumped by service_exceptions'
   * trigger) stays correct.
   */
  exceptions: TServiceException[];
};

/**
 * The booking rules of a restaurant in one round trip (restaurant row, active service periods with their turn
 * times, date exceptions), or undefined when the restaurant does not exist. Read in the booking's transaction, so the checks
 * and the insert see the same configuration.
 */
export async function loadBookingRules(db: Queryable, restaurantId: string): Promise<TBookingRules | undefined> {
  const { rows } = await sql<TBookingRules>`
    select r.id as "restaurantId", r.timezone, r.slot_minutes as "slotMinutes", r.max_party_size as "maxPartySize",
      r.auto_confirm as "autoConfirm", r.no_show_undo_minutes as "noShowUndoMinutes",
      r.check_in_lead_minutes as "checkInLeadMinutes",
      r.booking_horizon_days as "bookingHorizonDays", r.booking_cutoff_minutes as "bookingCutoffMinutes",
      r.venue_version::integer as "venueVersion", r.rules_version::integer as "rulesVersion",
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', sp.id, 'name', sp.name, 'daysOfWeek', to_jsonb(sp.days_of_week), 'opensAt', sp.opens_at,
          'lastSeatingAt', sp.last_seating_at, 'closesAt', sp.closes_at, 'bufferMinutes', sp.buffer_minutes,
          'pacingCoversPerSlot', sp.pacing_covers_per_slot,
          'pacingOnlineCoversPerSlot', sp.pacing_online_covers_per_slot,
          'turnTimes', coalesce((
            select jsonb_agg(jsonb_build_object('maxPartySize', tt.max_party_size, 'turnMinutes', tt.turn_minutes)
                             order by tt.max_party_size)
            from service_turn_times tt where tt.service_period_id = sp.id), '[]'::jsonb))
          order by sp.opens_at, sp.name)
        from service_periods sp where sp.restaurant_id = r.id and sp.active), '[]'::jsonb) as periods,
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', se.id, 'date', to_char(se.service_date, 'YYYY-MM-DD'), 'servicePeriodId', se.service_period_id,
          'closed', se.closed, 'opensAt', se.opens_at, 'lastSeatingAt', se.last_seating_at,
          'closesAt', se.closes_at, 'note', se.note) order by se.service_date, se.service_period_id nulls first)
        from service_exceptions se
        where se.restaurant_id = r.id and se.service_date >= current_date - 7), '[]'::jsonb) as exceptions
    from restaurants r
    where r.id = ${restaurantId}`.execute(db);
  return rows[0];
}

/** Per database handle (tests open several databases in one process), per restaurant. */
const cached = new WeakMap<Kysely<Database>, Map<string, TBookingRules>>();

/**
 * The rules as last read in this process, without a round trip (`cached`), or read now when there are none yet.
 * Cached rules may be out of date: create_booking compares their rulesVersion with the restaurant's and refuses
 * the booking (RULES_CHANGED) if the rules moved on; the caller then reads them again (reloadBookingRules).
 */
export async function getBookingRules(
  db: Kysely<Database>,
  restaurantId: string,
): Promise<{ rules: TBookingRules | undefined; cached: boolean }> {
  const hit = cacheFor(db).get(restaurantId);
  if (hit) return { rules: hit, cached: true };
  return { rules: await reloadBookingRules(db, restaurantId), cached: false };
}

/** Reads the rules and caches them for getBookingRules. */
export async function reloadBookingRules(
  db: Kysely<Database>,
  restaurantId: string,
): Promise<TBookingRules | undefined> {
  const rules = await loadBookingRules(db, restaurantId);
  if (rules) cacheFor(db).set(restaurantId, rules);
  else cacheFor(db).delete(restaurantId);
  return rules;
}

function cacheFor(db: Kysely<Database>): Map<string, TBookingRules> {
  const perDb = cached.get(db) ?? new Map<string, TBookingRules>();
  cached.set(db, perDb);
  return perDb;
}

/**
 * The rules at `rulesVersion` or later (a version the caller read with its own row, e.g. joined to a booking): the
 * cached ones when they are that recent, else read now. Unlike getBookingRules, never older than the caller's view.
 */
export async function getBookingRulesAtVersion(
  db: Kysely<Database>,
  { restaurantId, rulesVersion }: { restaurantId: string; rulesVersion: number },
): Promise<TBookingRules | undefined> {
  const hit = cacheFor(db).get(restaurantId);
  if (hit && hit.rulesVersion >= rulesVersion) return hit;
  return reloadBookingRules(db, restaurantId);
}
