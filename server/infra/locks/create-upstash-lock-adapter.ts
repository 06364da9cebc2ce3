import type { Redis } from "@upstash/redis";
import type { LockAdapter } from "./lock-types";

// Compare-and-set: only the token that holds the lock may delete or extend it.
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Redis locks over Upstash REST: `SET key token NX PX ttl` to acquire (atomic, expires on its own when the
 * holder dies), Lua compare-and-set to release and extend. Errors propagate: the fallback adapter's circuit
 * breaker decides what a failing Redis means.
 */
export function createUpstashLockAdapter({ redis, prefix = "maitre:lock:" }: { redis: Redis; prefix?: string }) {
  const adapter: LockAdapter = {
    name: "upstash",
    async acquire({ key, token, ttlMs }) {
      const result = await redis.set(prefix + key, token, { nx: true, px: Math.max(1, Math.ceil(ttlMs)) });
      return result === "OK" ? "upstash" : null;
    },
    async release({ key, token }) {
      return Number(await redis.eval(RELEASE_SCRIPT, [prefix + key], [token])) === 1;
    },
    async extend({ key, token, ttlMs }) {
      const px = String(Math.max(1, Math.ceil(ttlMs)));
      return Number(await redis.eval(EXTEND_SCRIPT, [prefix + key], [token, px])) === 1;
    },
    async close() {},
  };
  return adapter;
}
