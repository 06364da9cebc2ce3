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
    it("falls back to this process's own counter (same limit), counts it, and stops calling Redis once the circuit opens", async () => {
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
      // The limit of 3 still holds, counted here: a client gets its whole budget, a flood is still refused.
      expect(results.map((r) => r.success)).toEqual([true, true, true, false, false, false]);
      expect(results.every((r) => r.fallback === "local")).toBe(true);
      expect(results[0]).toMatchObject({ limit: 3, remaining: 2 });
      const after = await decisions("booking_client");
      expect(after.fallback_allowed - before.fallback_allowed).toBe(3);
      expect(after.fallback_rejected - before.fallback_rejected).toBe(3);
      expect(await outage.bookingClient.peek(apiKey)).toMatchObject({ success: false, fallback: "local" });
      // Sign-in guessing stays limited during the outage too (the brute-force limits no longer fail open).
      const attempts = [];
      for (let i = 0; i < 5; i++) attempts.push((await outage.signInFailure.limit("someone@example.test")).success);
      expect(attempts.filter(Boolean).length).toBe(CONTRACT_LIMITS.RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL);
      expect(circuitStateName(breaker.state)).toBe("open");
      const started = performance.now();
      expect((await outage.assignment.limit("restaurant-x")).fallback).toBe("local");
      expect(performance.now() - started).toBeLessThan(20);
    });
  });
});
