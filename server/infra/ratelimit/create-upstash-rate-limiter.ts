import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { type CircuitBreakerPolicy, isBrokenCircuitError } from "cockatiel";
import type { Logger } from "@/server/infra/telemetry/logger";
import { recordRateLimitDecision } from "@/server/infra/telemetry/metrics";
import type { RateLimiter, RateLimitResult } from "./rate-limit-types";

const LOG_EVERY_MS = 10_000;

/**
 * @upstash/ratelimit sliding window behind the `redis` circuit breaker. It FAILS OPEN: when Redis is slow,
 * failing or its circuit is open, the request is allowed (logged, at most every 10 s, and counted as
 * `fail_open`). A rate limit protects capacity; it must never be the reason a guest cannot book.
 */
export function createUpstashRateLimiter({
  name,
  redis,
  limit,
  windowSeconds,
  prefix,
  breaker,
  log,
  timeoutMs = 1000,
}: {
  name: string;
  redis: Redis;
  limit: number;
  windowSeconds: number;
  prefix: string;
  breaker: CircuitBreakerPolicy;
  log: Logger;
  timeoutMs?: number;
}): RateLimiter {
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
    prefix: `${prefix}${name}`,
    // On timeout the library itself answers success with reason "timeout": fail-open, reported below.
    timeout: timeoutMs,
    analytics: false,
    // Identifiers over their limit are answered locally until the window resets: no Redis call per rejected hit.
    ephemeralCache: new Map(),
  });
  let lastLoggedAt = 0;

  const failOpen = (reason: string, error?: unknown): RateLimitResult => {
    recordRateLimitDecision({ limiter: name, result: "fail_open" });
    if (Date.now() - lastLoggedAt > LOG_EVERY_MS) {
      lastLoggedAt = Date.now();
      log.warn({ err: error, limiter: name, reason }, "rate limiter unavailable; allowing requests (fail-open)");
    }
    const windowMs = windowSeconds * 1000;
    return {
      success: true,
      limit,
      remaining: limit,
      reset: (Math.floor(Date.now() / windowMs) + 1) * windowMs,
      failOpen: true,
    };
  };

  return {
    name,
    // Always through breaker.execute, never "skip while open": while the circuit is open it refuses at once
    // (BrokenCircuitError, no call to Redis), and once halfOpenAfter has passed it lets the trial call through —
    // cockatiel 3 half-opens only inside execute(), so skipping it kept the circuit open until a restart.
    async peek(identifier) {
      try {
        const { remaining, reset, limit: max } = await breaker.execute(() => ratelimit.getRemaining(identifier));
        return { success: remaining > 0, limit: max, remaining, reset };
      } catch (error) {
        return failOpen(isBrokenCircuitError(error) ? "circuit open" : "error", error);
      }
    },
    async limit(identifier) {
      try {
        const result = await breaker.execute(() => ratelimit.limit(identifier));
        if (result.reason === "timeout") return failOpen("timeout");
        recordRateLimitDecision({ limiter: name, result: result.success ? "allowed" : "rejected" });
        return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
      } catch (error) {
        return failOpen(isBrokenCircuitError(error) ? "circuit open" : "error", error);
      }
    },
  };
}
