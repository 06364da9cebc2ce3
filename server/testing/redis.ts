import { randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { startUpstashLocal, type UpstashLocal } from "@/scripts/upstash-local";
import { createUpstashRedis } from "@/server/infra/resilience/create-upstash-redis";

export type TestUpstash = {
  /** The in-process proxy (tests may close it to simulate an outage). */
  proxy: UpstashLocal;
  url: string;
  token: string;
  /** Unique per suite: keys under it never collide with parallel files. */
  prefix: string;
  redis: Redis;
  /** Deletes the suite's keys and stops the proxy (safe to call after the proxy was closed). */
  stop(): Promise<void>;
};

/** Starts the Upstash proxy on a free port against the probed Redis, with a key prefix for this suite. */
export async function startTestUpstash(): Promise<TestUpstash> {
  const redisUrl = inject("redisUrl");
  if (!redisUrl) throw new Error(`Redis is not available for tests: ${inject("redisSkipReason")}`);
  const token = `test-${randomBytes(8).toString("hex")}`;
  const proxy = await startUpstashLocal({ port: 0, redisUrl, token });
  const prefix = `maitre-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
  const redis = createUpstashRedis({ url: proxy.url, token, timeoutMs: 2000 });
  let stopped = false;
  return {
    proxy,
    url: proxy.url,
    token,
    prefix,
    redis,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await deleteKeys(redisUrl, prefix);
      await proxy.close().catch(() => undefined);
    },
  };
}

/**
 * Like `describe`, but skipped (with the probe's reason in the title) when no Redis answers; CI sets
 * CI_REQUIRE_ALL=1, which makes a missing Redis fail global setup instead.
 */
export function describeWithRedis(name: string, suite: (ctx: { upstash: () => TestUpstash }) => void): void {
  const skipReason = inject("redisSkipReason");
  const title = skipReason ? `${name} (skipped: ${skipReason})` : name;
  (skipReason ? describe.skip : describe)(title, () => {
    let current: TestUpstash | undefined;
    beforeAll(async () => {
      current = await startTestUpstash();
    });
    afterAll(async () => {
      await current?.stop();
    });
    suite({
      upstash: () => {
        if (!current) throw new Error("Upstash proxy not started yet (use it inside a test or hook)");
        return current;
      },
    });
  });
}

// Through a fresh proxy: the suite's own proxy may have been closed by an outage test.
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const cleanup = await startUpstashLocal({ port: 0, redisUrl, token: "cleanup" });
  try {
    const redis = createUpstashRedis({ url: cleanup.url, token: cleanup.token, timeoutMs: 2000 });
    const script = `local n = 0 for _, k in ipairs(redis.call("keys", ARGV[1])) do n = n + redis.call("del", k) end return n`;
    await redis.eval(script, [], [`${prefix}*`]);
  } finally {
    await cleanup.close();
  }
}
