import { describe, expect, it } from "vitest";
import {
  CACHE_TTL_MS,
  cacheKeyOf,
  entryExpiryOf,
  LruCache,
  type TBookingsVersion,
  type TCacheEntry,
  verdictsFromEntry,
} from "./bookable-times-cache";

const NOW = Date.parse("2027-03-05T12:00:00Z");
const A = "2027-03-05T19:00:00.000Z";
const B = "2027-03-05T19:15:00.000Z";
const version: TBookingsVersion = { eventId: "41", startedAt: "2026-11-29 10:00:00+00", inFlight: ["900"] };
const entry: TCacheEntry = {
  venueVersion: 3,
  rulesVersion: 7,
  ...version,
  expiresAt: NOW + 10_000,
  verdicts: new Map([
    [A, "available"],
    [B, "pacing"],
  ]),
};
const ask = (overrides: Partial<Parameters<typeof verdictsFromEntry>[0]> = {}) =>
  verdictsFromEntry({
    entry,
    venueVersion: 3,
    rulesVersion: 7,
    version,
    committedSince: 0,
    starts: [A, B],
    now: NOW,
    ...overrides,
  });

describe("LruCache", () => {
  it("forgets the least recently used entry when full", () => {
    const lru = new LruCache<number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect([lru.get("a"), lru.get("b"), lru.get("c"), lru.size]).toEqual([1, undefined, 3, 2]);
  });

  it("replaces an entry in place without evicting another", () => {
    const lru = new LruCache<number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("a", 10);
    expect([lru.get("a"), lru.get("b"), lru.size]).toEqual([10, 2, 2]);
    lru.delete("a");
    expect([lru.get("a"), lru.size]).toEqual([undefined, 1]);
  });
});

describe("cacheKeyOf", () => {
  it("tells apart every input the answer depends on", () => {
    const base = { restaurantId: "r1", date: "2027-03-05", partySize: 2, source: "online" };
    const keys = [
      base,
      { ...base, restaurantId: "r2" },
      { ...base, date: "2027-03-06" },
      { ...base, partySize: 3 },
      { ...base, source: "phone" },
    ].map(cacheKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("verdictsFromEntry", () => {
  it("answers from an entry that still matches the database", () => {
    expect(ask()).toBe(entry.verdicts);
    expect(ask({ starts: [B] })).toBe(entry.verdicts);
  });

  it.each([
    ["no entry", { entry: undefined }],
    ["the venue changed", { venueVersion: 4 }],
    ["the rules changed (periods, turn times, pacing)", { rulesVersion: 8 }],
    ["a booking, hold or allocation changed", { version: { ...version, eventId: "42" } }],
    ["the buffer was pruned empty", { version: { ...version, eventId: null } }],
    ["the database restarted", { version: { ...version, startedAt: "2026-11-29 11:00:00+00" } }],
    ["a transaction in flight then has committed since", { committedSince: 1 }],
    ["it expired", { now: NOW + 10_000 }],
    ["a start it has no verdict for is now open", { starts: [A, B, "2027-03-05T19:30:00.000Z"] }],
  ])("misses when %s", (_why, overrides) => {
    expect(ask(overrides as Partial<Parameters<typeof verdictsFromEntry>[0]>)).toBeUndefined();
  });

  it("does not mind other transactions in flight now (their writes are not visible yet)", () => {
    expect(ask({ version: { ...version, inFlight: ["900", "901"] } })).toBe(entry.verdicts);
  });
});

describe("entryExpiryOf", () => {
  it("is the TTL without holds", () => {
    expect(entryExpiryOf({ now: NOW, holdExpiries: [] })).toBe(NOW + CACHE_TTL_MS);
  });

  it("is the first hold to lapse when that comes sooner", () => {
    expect(entryExpiryOf({ now: NOW, holdExpiries: [NOW + 90_000, NOW + 5_000, NOW + 20_000] })).toBe(NOW + 5_000);
    expect(entryExpiryOf({ now: NOW, holdExpiries: [NOW + 90_000] })).toBe(NOW + CACHE_TTL_MS);
  });

  it("stays well inside the 5-minute life of an ops event", () => {
    expect(CACHE_TTL_MS).toBeLessThanOrEqual(60_000);
  });
});
