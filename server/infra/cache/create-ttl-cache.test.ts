import { describe, expect, it } from "vitest";
import { createTtlCache } from "./create-ttl-cache";

describe("createTtlCache", () => {
  it("answers within the TTL and forgets after it", () => {
    const cache = createTtlCache<number>({ ttlMs: 1000 });
    cache.set("a", 1, 0);
    expect(cache.get("a", 999)).toBe(1);
    expect(cache.get("a", 1000)).toBeUndefined();
  });

  it("drops the oldest entry when full, and clear() empties it", () => {
    const cache = createTtlCache<number>({ ttlMs: 1000, max: 2 });
    cache.set("a", 1, 0);
    cache.set("b", 2, 0);
    cache.set("c", 3, 0);
    expect([cache.get("a", 1), cache.get("b", 1), cache.get("c", 1)]).toEqual([undefined, 2, 3]);
    cache.clear();
    expect(cache.get("c", 1)).toBeUndefined();
  });
});
