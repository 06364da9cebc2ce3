import { isBeforeOnlineCutoff, isWithinBookingHorizon } from "@/server/booking/booking-horizon";
import { loadBookingRules } from "@/server/booking/load-booking-rules";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import {
  cacheKeyOf,
  entryExpiryOf,
  LruCache,
  MAX_CACHE_ENTRIES,
  type TCacheEntry,
  type TStartVerdict,
  verdictsFromEntry,
} from "./bookable-times-cache";
import type { TBookableTime, TBookableTimes } from "./bookable-times-schema";
import { judgeOpenStarts, type TOpenStart } from "./judge-open-starts";
import { planServiceDay } from "./plan-service-day";
import { readBookingsVersion } from "./read-bookings-version";

type TProcessCache = { entries: LruCache<TCacheEntry>; hits: number; misses: number };

/** Per database handle (tests open several databases in one process), by restaurant, date, party and source. */
const caches = new WeakMap<Queryable, TProcessCache>();

function cacheFor(db: Queryable): TProcessCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new LruCache<TCacheEntry>(MAX_CACHE_ENTRIES), hits: 0, misses: 0 };
    caches.set(db, cache);
  }
  return cache;
}

/** How often this process answered from the cache for `db` (and how often it computed): for tests and timing. */
export function bookableTimesCacheStats(db: Queryable): { hits: number; misses: number } {
  const { hits, misses } = cacheFor(db);
  return { hits, misses };
}

/**
 * GET /api/availability's use case: every start of a local date's service periods, each `available` only if a
 * booking from `source` made at `now` would be SEATED on tables — the checks of createBooking in its order (party
 * size, the past, the horizon, the service window, pacing), then a table plan from the planner for the booking's
 * window, the question the coordinator's assignment asks (judgeOpenStarts). The rules are read fresh (not from the
 * process's rules cache, which only a refused booking refreshes) and the clock's checks are made on every request;
 * the floor's answers (pacing, tables) are cached per process and reused only while the database says nothing they
 * depend on changed: same venue and rules versions, same bookings version (readBookingsVersion, read together with
 * the rules: a hit costs one round trip), no hold of the snapshot lapsed. Every web process checks with the
 * database, so a commit through any of them is seen by all at once. Reads only; nothing is held for the guest, so
 * a time may be taken between this answer and the booking.
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
  const cache = cacheFor(db);
  const key = cacheKeyOf({ restaurantId, date, partySize, source });
  const entry = cache.entries.get(key);
  const [rules, { version, committedSince }] = await Promise.all([
    loadBookingRules(db, restaurantId),
    readBookingsVersion(db, { restaurantId, watch: entry?.inFlight ?? [] }),
  ]);
  if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const head = { date, partySize, timezone: rules.timezone };
  const day = planServiceDay({ rules, date, partySize, source });
  if (day.closedBecause) return { ...head, times: [], reason: "closed", closedBecause: day.closedBecause };

  // createBookingInTx's order: the past (notBefore = now for booking clients), the online cut-off, the horizon,
  // the service window.
  const times: TBookableTime[] = [];
  const open: Array<TOpenStart & { answer: TBookableTime }> = [];
  for (const start of day.starts) {
    const answer: TBookableTime = { time: start.time, startsAt: start.startsAtIso, available: false };
    if (start.startsAt.getTime() < now.getTime()) answer.reason = "past";
    else if (isBeforeOnlineCutoff({ startsAt: start.startsAt, now, rules, source })) answer.reason = "cutoff";
    else if (!isWithinBookingHorizon({ startsAt: start.startsAt, now, rules })) answer.reason = "horizon";
    else if (!start.window) answer.reason = "closed";
    // Field by field: after an object spread V8 (Node 20) adds each further property on a slow path (~2 µs).
    else {
      const { time, startsAt, startsAtIso, window, pacing } = start;
      open.push({ time, startsAt, startsAtIso, window, pacing, answer });
    }
    times.push(answer);
  }
  if (open.length === 0) return { ...head, times };

  const versions = { venueVersion: rules.venueVersion, rulesVersion: rules.rulesVersion };
  let verdicts: ReadonlyMap<string, TStartVerdict> | undefined = verdictsFromEntry({
    entry,
    ...versions,
    version,
    committedSince,
    starts: open.map((s) => s.startsAtIso),
    now: now.getTime(),
  });
  if (verdicts) cache.hits += 1;
  else {
    cache.misses += 1;
    const judged = await judgeOpenStarts({ db, rules, open, partySize, source, now });
    verdicts = judged.verdicts;
    if (judged.cacheable) {
      const expiresAt = entryExpiryOf({ now: now.getTime(), holdExpiries: judged.holdExpiries });
      cache.entries.set(key, { ...versions, ...version, expiresAt, verdicts });
    } else cache.entries.delete(key);
  }
  for (const start of open) {
    const verdict = verdicts.get(start.startsAtIso);
    if (verdict === "available") start.answer.available = true;
    else start.answer.reason = verdict ?? "no_table";
  }
  return { ...head, times };
}
