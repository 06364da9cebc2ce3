import { randomUUID } from "node:crypto";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { circuitStateName, createCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { describeWithRedis } from "@/server/testing/redis";
import { createRateLimiters } from "./create-rate-limiters";
import type { RateLimiters } from "./rate-limit-types";
import {
  CONTRACT_LIMITS,
  CONTRACT_WINDOWS,
  decisions,
  itLimitsLikeASlidingWindow,
} from "./testing/rate-limiter-contract";

const log = pino({ level: "silent" });

describeWithRedis("Upstash rate limiters (local proxy → real Redis)", ({ upstash }) => {
  let limiters: RateLimiters | undefined;
  itLimitsLikeASlidingWindow(() => {
    const { url, token, prefix } = upstash();
    limiters ??= createRateLimiters({
      env: { ...CONTRACT_LIMITS, UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token },
      log,
      prefix,
      windows: CONTRACT_WINDOWS,
      breaker: createCircuitBreaker({ dependency: "redis", halfOpenAfterMs: 60_000 }),
    });
    return limiters;
  });

  describe("when Redis is unreachable", () => {
    it("fails open, counts it, and stops calling Redis once the circuit opens", async () => {
      const { url, token, prefix, proxy } = upstash();
      const breaker = createCircuitBreaker({ dependency: "redis", consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
      const outage = createRateLimiters({
        env: { ...CONTRACT_LIMITS, UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token },
        log,
        prefix,
        windows: CONTRACT_WINDOWS,
        breaker,
      });
      await proxy.close();
      const before = await decisions("booking_client");
      const apiKey = `key-${randomUUID()}`;
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await outage.bookingClient.limit(apiKey));
      // More than the limit of 3, all allowed: bookings never wait on Redis being down.
      expect(results.every((r) => r.success && r.failOpen === true)).toBe(true);
      expect(results[0]).toMatchObject({ limit: 3, remaining: 3 });
      expect((await decisions("booking_client")).fail_open - before.fail_open).toBe(6);
      expect(circuitStateName(breaker.state)).toBe("open");
      const started = performance.now();
      expect((await outage.assignment.limit("restaurant-x")).failOpen).toBe(true);
      expect(performance.now() - started).toBeLessThan(20);
    });
  });
});
