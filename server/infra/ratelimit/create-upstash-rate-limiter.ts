import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { type CircuitBreakerPolicy, isBrokenCircuitError } from "cockatiel";
import type { Logger } from "@/server/infra/telemetry/logger";
import { recordRateLimitDecision } from "@/server/infra/telemetry/metrics";
import { createMemoryRateLimiter } from "./create-memory-rate-limiter";
import type { RateLimiter, RateLimitResult } from "./rate-limit-types";

const LOG_EVERY_MS = 10_000;

/**
 * @upstash/ratelimit sliding window behind the `redis` circuit breaker. When Redis is slow, failing or its circuit
 * is open, this process's own counter decides instead (the same limit and window, logged at most every 10 s,
 * counted as `fallback_allowed` / `fallback_rejected`): a client is refused only once it spent the whole budget
 * against this one process — never more often than the shared count would refuse it, so a guest is not turned away
 * because Redis is down, while the sign-in brute-force limits still hold per process.
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
    // On timeout the library itself answers success with reason "timeout": the local counter decides instead.
    timeout: timeoutMs,
    analytics: false,
    // Identifiers over their limit are answered locally until the window resets: no Redis call per rejected hit.
    ephemeralCache: new Map(),
  });
  let lastLoggedAt = 0;
  const local = createMemoryRateLimiter({
    name,
    limit,
    windowMs: windowSeconds * 1000,
    store: new Map(),
    decisions: "fallback",
  });

  const fallBack = async (
    use: "limit" | "peek",
    identifier: string,
    reason: string,
    error?: unknown,
  ): Promise<RateLimitResult> => {
    if (Date.now() - lastLoggedAt > LOG_EVERY_MS) {
      lastLoggedAt = Date.now();
      log.warn({ err: error, limiter: name, reason }, "rate limiter's Redis unavailable; counting in this process");
    }
    return { ...(await local[use](identifier)), fallback: "local" };
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
        return fallBack("peek", identifier, isBrokenCircuitError(error) ? "circuit open" : "error", error);
      }
    },
    async limit(identifier) {
      try {
        const result = await breaker.execute(() => ratelimit.limit(identifier));
        if (result.reason === "timeout") return fallBack("limit", identifier, "timeout");
        recordRateLimitDecision({ limiter: name, result: result.success ? "allowed" : "rejected" });
        return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
      } catch (error) {
        return fallBack("limit", identifier, isBrokenCircuitError(error) ? "circuit open" : "error", error);
      }
    },
  };
}
