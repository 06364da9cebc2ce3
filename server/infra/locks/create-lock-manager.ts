import type { CircuitBreakerPolicy } from "cockatiel";
import type { TEnv } from "@/server/env";
import { getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { createUpstashRedis } from "@/server/infra/resilience/create-upstash-redis";
import type { Logger } from "@/server/infra/telemetry/logger";
import { createFallbackLockAdapter } from "./create-fallback-lock-adapter";
import { createLockManagerForAdapter } from "./create-lock-manager-for-adapter";
import { createMemoryLockAdapter } from "./create-memory-lock-adapter";
import { createPostgresLockAdapter } from "./create-postgres-lock-adapter";
import { createUpstashLockAdapter } from "./create-upstash-lock-adapter";
import type { LockAdapter, LockManager } from "./lock-types";

export type LockEnv = Pick<TEnv, "DATABASE_URL" | "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN"> &
  Partial<Pick<TEnv, "LOCK_POOL_MAX">>;

/**
 * Picks the lock store for the runtime shape: Upstash (falling back to PostgreSQL advisory locks, or to
 * in-process locks on PGlite, behind the `redis` circuit breaker) when UPSTASH_* is set; PostgreSQL advisory
 * locks with DATABASE_URL; in-process locks for the embedded shape. See createLockManagerForAdapter for why a
 * lock is only an optimisation.
 */
export function createLockManager({
  env,
  log,
  breaker,
  keyPrefix = "maitre:lock:",
}: {
  env: LockEnv;
  log: Logger;
  /** Defaults to the process-wide `redis` breaker (what /api/metrics reports). */
  breaker?: CircuitBreakerPolicy;
  keyPrefix?: string;
}): LockManager {
  const local: LockAdapter = env.DATABASE_URL
    ? createPostgresLockAdapter({ connectionString: env.DATABASE_URL, poolMax: env.LOCK_POOL_MAX, log })
    : createMemoryLockAdapter();
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) {
    return createLockManagerForAdapter({ adapter: local, log });
  }
  const redis = createUpstashRedis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
  const adapter = createFallbackLockAdapter({
    primary: createUpstashLockAdapter({ redis, prefix: keyPrefix }),
    secondary: local,
    breaker: breaker ?? getCircuitBreaker("redis"),
    log,
  });
  return createLockManagerForAdapter({ adapter, log });
}
