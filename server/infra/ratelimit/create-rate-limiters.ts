import type { CircuitBreakerPolicy } from "cockatiel";
import type { TEnv } from "@/server/env";
import { getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { createUpstashRedis } from "@/server/infra/resilience/create-upstash-redis";
import type { Logger } from "@/server/infra/telemetry/logger";
import { createMemoryRateLimiter } from "./create-memory-rate-limiter";
import { createUpstashRateLimiter } from "./create-upstash-rate-limiter";
import type { RateLimiter, RateLimiterName, RateLimiters } from "./rate-limit-types";

export type RateLimitEnv = Pick<
  TEnv,
  | "UPSTASH_REDIS_REST_URL"
  | "UPSTASH_REDIS_REST_TOKEN"
  | "RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE"
  | "RATE_LIMIT_ASSIGNMENT_PER_MINUTE"
  | "RATE_LIMIT_AUTH_FAILURES_PER_MINUTE"
  | "RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE"
  | "RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL"
>;

/**
 * Each limiter's sliding window in seconds; its env limit counts per this window. Per-email sign-in failures use
 * 15 minutes: a minute would let a patient guesser try 14 400 passwords a day against one account.
 */
export const RATE_LIMIT_WINDOW_SECONDS: Readonly<Record<RateLimiterName, number>> = {
  bookingClient: 60,
  assignment: 60,
  authFailure: 60,
  signInAttempt: 60,
  signInFailure: 15 * 60,
};

/** The store's name of each limiter (metrics label, Redis key prefix): unchanged names keep existing counters. */
const LIMITER_NAMES: Readonly<Record<RateLimiterName, string>> = {
  bookingClient: "booking_client",
  assignment: "assignment",
  authFailure: "auth_failure",
  signInAttempt: "sign_in_attempt",
  signInFailure: "sign_in_failure",
};

/**
 * The limiters, on Upstash when configured (shared across all instances; while Redis is down each process counts on its own) and in-process
 * otherwise (the embedded shape is one process). Limits come from the environment, windows from
 * RATE_LIMIT_WINDOW_SECONDS unless `windows` overrides one.
 */
export function createRateLimiters({
  env,
  log,
  breaker,
  prefix = "maitre:rl:",
  windows = {},
}: {
  env: RateLimitEnv;
  log: Logger;
  /** Defaults to the process-wide `redis` breaker. */
  breaker?: CircuitBreakerPolicy;
  prefix?: string;
  /** Tests shorten or lengthen a limiter's window (seconds); its env limit is then "per that window". */
  windows?: Partial<Record<RateLimiterName, number>>;
}): RateLimiters {
  const limits: Record<RateLimiterName, number> = {
    bookingClient: env.RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE,
    assignment: env.RATE_LIMIT_ASSIGNMENT_PER_MINUTE,
    authFailure: env.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    signInAttempt: env.RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE,
    signInFailure: env.RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL,
  };
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  let make: (name: string, limit: number, windowSeconds: number) => RateLimiter;
  if (url && token) {
    const redis = createUpstashRedis({ url, token });
    const shared = { redis, prefix, breaker: breaker ?? getCircuitBreaker("redis"), log };
    make = (name, limit, windowSeconds) => createUpstashRateLimiter({ name, limit, windowSeconds, ...shared });
  } else {
    make = (name, limit, windowSeconds) => createMemoryRateLimiter({ name, limit, windowMs: windowSeconds * 1000 });
  }
  const build = (key: RateLimiterName) =>
    make(LIMITER_NAMES[key], limits[key], windows[key] ?? RATE_LIMIT_WINDOW_SECONDS[key]);
  return {
    bookingClient: build("bookingClient"),
    assignment: build("assignment"),
    authFailure: build("authFailure"),
    signInAttempt: build("signInAttempt"),
    signInFailure: build("signInFailure"),
  };
}
