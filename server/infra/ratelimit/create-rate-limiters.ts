import type { CircuitBreakerPolicy } from "cockatiel";
import type { TEnv } from "@/server/env";
import { getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { createUpstashRedis } from "@/server/infra/resilience/create-upstash-redis";
import type { Logger } from "@/server/infra/telemetry/logger";
import { createMemoryRateLimiter } from "./create-memory-rate-limiter";
import { createUpstashRateLimiter } from "./create-upstash-rate-limiter";
import type { RateLimiter, RateLimiters } from "./rate-limit-types";

export type RateLimitEnv = Pick<
  TEnv,
  | "UPSTASH_REDIS_REST_URL"
  | "UPSTASH_REDIS_REST_TOKEN"
  | "RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE"
  | "RATE_LIMIT_ASSIGNMENT_PER_MINUTE"
  | "RATE_LIMIT_AUTH_FAILURES_PER_MINUTE"
>;

/**
 * The limiters, on Upstash when configured (shared across all instances, fail-open) and in-process
 * otherwise (the embedded shape is one process). Limits per minute come from the environment.
 */
export function createRateLimiters({
  env,
  log,
  breaker,
  prefix = "maitre:rl:",
  windowSeconds = 60,
}: {
  env: RateLimitEnv;
  log: Logger;
  /** Defaults to the process-wide `redis` breaker. */
  breaker?: CircuitBreakerPolicy;
  prefix?: string;
  /** Tests shorten the window; the env limits are "per window". */
  windowSeconds?: number;
}): RateLimiters {
  const limits = {
    bookingClient: env.RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE,
    assignment: env.RATE_LIMIT_ASSIGNMENT_PER_MINUTE,
    authFailure: env.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
  };
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  let make: (name: string, limit: number) => RateLimiter;
  if (url && token) {
    const redis = createUpstashRedis({ url, token });
    const shared = { redis, windowSeconds, prefix, breaker: breaker ?? getCircuitBreaker("redis"), log };
    make = (name, limit) => createUpstashRateLimiter({ name, limit, ...shared });
  } else {
    make = (name, limit) => createMemoryRateLimiter({ name, limit, windowMs: windowSeconds * 1000 });
  }
  return {
    bookingClient: make("booking_client", limits.bookingClient),
    assignment: make("assignment", limits.assignment),
    authFailure: make("auth_failure", limits.authFailure),
  };
}
