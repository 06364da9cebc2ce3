import { randomUUID } from "node:crypto";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "./create-memory-rate-limiter";
import { createRateLimiters } from "./create-rate-limiters";
import { retryAfterSeconds } from "./rate-limit-types";
import { CONTRACT_LIMITS, CONTRACT_WINDOWS, itLimitsLikeASlidingWindow } from "./testing/rate-limiter-contract";

describe("in-process rate limiters (embedded shape)", () => {
  const limiters = createRateLimiters({
    env: CONTRACT_LIMITS,
    log: pino({ level: "silent" }),
    windows: CONTRACT_WINDOWS,
  });
  itLimitsLikeASlidingWindow(() => limiters);
});

describe("in-process sliding window arithmetic (same as @upstash/ratelimit)", () => {
  const windowMs = 60_000;
  const start = 1_700_000_040_000 - (1_700_000_040_000 % windowMs);
  const limiterAt = (clock: { t: number }) =>
    createMemoryRateLimiter({ name: `t-${randomUUID()}`, limit: 10, windowMs, now: () => clock.t, store: new Map() });

  it("weights the previous window by how much of it still overlaps", async () => {
    const clock = { t: start + 1000 };
    const limiter = limiterAt(clock);
    for (let i = 0; i < 10; i++) expect((await limiter.limit("k")).success).toBe(true);
    expect((await limiter.limit("k")).success).toBe(false);
    // 25 % into the next window, floor(0.75 × 10) = 7 of the previous requests still count: 3 more fit.
    clock.t = start + windowMs + windowMs / 4;
    const next = [];
    for (let i = 0; i < 4; i++) next.push(await limiter.limit("k"));
    expect(next.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(next[0]?.remaining).toBe(2);
    expect(next[0]?.reset).toBe(start + 2 * windowMs);
  });

  it("forgets everything two windows later", async () => {
    const clock = { t: start };
    const limiter = limiterAt(clock);
    for (let i = 0; i < 11; i++) await limiter.limit("k");
    clock.t = start + 2 * windowMs;
    expect(await limiter.limit("k")).toMatchObject({ success: true, remaining: 9 });
  });

  it("tells a rejected client when to retry", async () => {
    const clock = { t: start + 45_000 };
    const limiter = limiterAt(clock);
    for (let i = 0; i < 10; i++) await limiter.limit("k");
    const rejected = await limiter.limit("k");
    expect(rejected.success).toBe(false);
    expect(retryAfterSeconds(rejected, clock.t)).toBe(15);
  });
});
