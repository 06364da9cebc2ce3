import type { TBookableTimeReason } from "./bookable-times-schema";

/** The floor's answer for one start: what the planner and the pacing caps said, before the clock's checks. */
export type TStartVerdict = "available" | Extract<TBookableTimeReason, "no_table" | "pacing">;

/**
 * Everything the floor's answers were computed from that changes WITHOUT the restaurant's rules being re-read:
 * the venue (venue_version), the rules (rules_version: periods, turn times, pacing), the restaurant's bookings,
 * holds and allocations (its newest ops_events id, with the database's start time because the unlogged buffer
 * and its sequence restart after a crash).
 */
export type TBookingsVersion = {
  /** The restaurant's newest ops_events id; null when its buffer is empty (pruned, or nothing happened yet). */
  eventId: string | null;
  /** pg_postmaster_start_time(): a restarted database may hand out the same ids again. */
  startedAt: string;
  /**
   * Transactions in flight when the version was read (pg_current_snapshot's xip). Sequence ids are taken at
   * insert and seen at commit, so one of these may commit LATER with an ops_events id below `eventId`: the
   * newest id alone would not move. An entry is reused only while none of them has committed since.
   */
  inFlight: readonly string[];
};

export type TCacheKeyParts = {
  restaurantId: string;
  date: string;
  partySize: number;
  source: string;
};

export type TCacheEntry = {
  venueVersion: number;
  rulesVersion: number;
  eventId: string | null;
  startedAt: string;
  inFlight: readonly string[];
  /** Epoch ms after which the entry must not answer (its TTL, or the first hold of its snapshot to lapse). */
  expiresAt: number;
  /** By start instant (ISO): only the starts that were open when it was computed. */
  verdicts: ReadonlyMap<string, TStartVerdict>;
};

/**
 * Short, because ops_events rows are pruned after 5 minutes: a restaurant whose buffer emptied reads the same
 * null version before a change and after that change's row is pruned in turn. 30 s keeps an entry far inside it.
 */
export const CACHE_TTL_MS = 30_000;
// Entries are a few hundred bytes (one verdict per start): 500 covers the dates and party sizes a busy minute of
// booking-client traffic asks about for many restaurants.
export const MAX_CACHE_ENTRIES = 500;

export const cacheKeyOf = ({ restaurantId, date, partySize, source }: TCacheKeyParts) =>
  `${restaurantId}|${date}|${partySize}|${source}`;

/** A bounded map that forgets the least recently used entry first. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserted, so iteration order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The entry's verdicts for `starts` if it still describes the floor as the database has it now: same venue and
 * rules versions, same newest event on the same database start, none of the transactions then in flight
 * committed since (`committedSince`: how many of the entry's inFlight ids committed, read with the version), not
 * expired, and a verdict for every start asked (the set of open starts changes with the clock). Else undefined.
 */
export function verdictsFromEntry({
  entry,
  venueVersion,
  rulesVersion,
  version,
  committedSince,
  starts,
  now,
}: {
  entry: TCacheEntry | undefined;
  venueVersion: number;
  rulesVersion: number;
  version: TBookingsVersion;
  committedSince: number;
  starts: readonly string[];
  now: number;
}): ReadonlyMap<string, TStartVerdict> | undefined {
  if (!entry) return undefined;
  const fresh =
    entry.venueVersion === venueVersion &&
    entry.rulesVersion === rulesVersion &&
    entry.eventId === version.eventId &&
    entry.startedAt === version.startedAt &&
    committedSince === 0 &&
    now < entry.expiresAt;
  if (!fresh) return undefined;
  return starts.every((s) => entry.verdicts.has(s)) ? entry.verdicts : undefined;
}

/** When an entry computed at `now` must stop answering: its TTL, or the first live hold of its snapshot to lapse
 * (a lapsing hold frees tables and writes no event). */
export function entryExpiryOf({ now, holdExpiries }: { now: number; holdExpiries: readonly number[] }): number {
  return Math.min(now + CACHE_TTL_MS, ...holdExpiries);
}
