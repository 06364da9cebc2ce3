import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, inject, it } from "vitest";
import { circuitStateName, getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { describeWithRedis } from "@/server/testing/redis";
import { createLockManager } from "./create-lock-manager";
import { silentLog } from "./testing/lock-adapter-contract";

// PostgreSQL advisory locks are the fallback when a server answers; on a laptop without one, the in-process store.
const databaseUrl = inject("postgresAdminUrl") ?? undefined;
const fallback = databaseUrl ? "postgres" : "memory";

async function redisCircuitGauge(): Promise<number | undefined> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_circuit_state")?.get();
  return metric?.values.find((v) => v.labels.dependency === "redis")?.value;
}

describeWithRedis(`Upstash locks fall back to ${fallback} when the proxy goes away`, ({ upstash }) => {
  it("locks in Redis, falls back while it is unreachable, opens the circuit and reports it", async () => {
    const { url, token, prefix, proxy } = upstash();
    const manager = createLockManager({
      env: { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token },
      log: silentLog,
      keyPrefix: prefix,
    });
    const breaker = getCircuitBreaker("redis");
    try {
      expect(manager.adapter).toBe(`upstash>${fallback}`);
      expect(await redisCircuitGauge()).toBe(0);

      // The proxy dies while a Redis lock is held: the release fails quietly (the TTL frees it).
      const key = `booking:${randomUUID()}`;
      const first = await manager.withLock(key, 2000, async (lock) => {
        await proxy.close();
        return lock.adapter;
      });
      expect(first).toBe("upstash");

      const granted: string[] = [];
      for (let i = 0; i < 5; i++) {
        granted.push(await manager.withLock(`booking:${randomUUID()}`, 2000, async (lock) => lock.adapter));
      }
      expect(granted).toEqual(Array(5).fill(fallback));
      expect(circuitStateName(breaker.state)).toBe("open");
      expect(await redisCircuitGauge()).toBe(2);

      // With the circuit open the fallback still excludes, and Upstash is not even tried (no waiting on it).
      const shared = `booking:${randomUUID()}`;
      let inside = 0;
      let maxInside = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 4 }, () =>
          manager.withLock(
            shared,
            2000,
            async (lock) => {
              expect(lock.adapter).toBe(fallback);
              inside++;
              maxInside = Math.max(maxInside, inside);
              await sleep(10);
              inside--;
            },
            { waitMs: 5000 },
          ),
        ),
      );
      expect(maxInside).toBe(1);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await manager.close();
    }
  });
});
