import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { expect, inject, it } from "vitest";
import { startUpstashLocal, type UpstashLocal } from "@/scripts/upstash-local";
import { createFallbackLockAdapter } from "@/server/infra/locks/create-fallback-lock-adapter";
import { createMemoryLockAdapter } from "@/server/infra/locks/create-memory-lock-adapter";
import { createUpstashLockAdapter } from "@/server/infra/locks/create-upstash-lock-adapter";
import { createUpstashRateLimiter } from "@/server/infra/ratelimit/create-upstash-rate-limiter";
import { describeWithRedis } from "@/server/testing/redis";
import { circuitStateName, createCircuitBreaker } from "./circuit-breakers";
import { createUpstashRedis } from "./create-upstash-redis";

const log = pino({ level: "silent" });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

/**
 * Redis comes back after an outage: the circuit must half-open on its own and close, and locks and rate limits
 * go back to Redis — no process restart. (cockatiel 3 half-opens only inside execute(): a caller that skips
 * execute while the circuit is open keeps it open forever, which the fault drill found.)
 */
describeWithRedis("after a Redis outage, locks and rate limits return to Redis", () => {
  it("half-opens after the pause, closes on the first success, and uses Redis again", async () => {
    const redisUrl = inject("redisUrl") ?? "";
    const port = await freePort();
    const token = `recovery-${randomUUID()}`;
    const prefix = `maitre-test:recovery:${randomUUID()}:`;
    let proxy: UpstashLocal | undefined = await startUpstashLocal({ port, redisUrl, token });
    const breaker = createCircuitBreaker({ dependency: "redis", consecutiveFailures: 2, halfOpenAfterMs: 300 });
    const redis = createUpstashRedis({ url: proxy.url, token, timeoutMs: 500 });
    const locks = createFallbackLockAdapter({
      primary: createUpstashLockAdapter({ redis, prefix }),
      secondary: createMemoryLockAdapter({ store: new Map() }),
      breaker,
      log,
    });
    const limiter = createUpstashRateLimiter({
      name: "recovery",
      redis,
      limit: 100,
      windowSeconds: 60,
      prefix,
      breaker,
      log,
    });
    const acquire = async () => {
      const key = `booking:${randomUUID()}`;
      const token = randomUUID();
      const store = await locks.acquire({ key, token, ttlMs: 2000 });
      await locks.release({ key, token });
      return store;
    };
    try {
      expect(await acquire()).toBe("upstash");
      await proxy.close();
      proxy = undefined;
      expect([await acquire(), await acquire(), await acquire()]).toEqual(["memory", "memory", "memory"]);
      expect(circuitStateName(breaker.state)).toBe("open");
      expect((await limiter.limit("client")).fallback).toBe("local");

      proxy = await startUpstashLocal({ port, redisUrl, token });
      await sleep(350);
      // The first call after the pause is the trial: it reaches Redis, succeeds, and closes the circuit.
      expect(await acquire()).toBe("upstash");
      expect(circuitStateName(breaker.state)).toBe("closed");
      const decision = await limiter.limit("client");
      expect(decision.fallback).toBeUndefined();
      expect(decision.remaining).toBeLessThan(100);
    } finally {
      await locks.close();
      await proxy?.close();
    }
  });
});
