import { recordRateLimitDecision } from "@/server/infra/telemetry/metrics";
import type { RateLimiter } from "./rate-limit-types";

type Bucket = { window: number; count: number; previous: number };
export type MemoryRateLimitStore = Map<string, Bucket>;

type StoresGlobal = typeof globalThis & { __maitreRateLimitStores?: Map<string, MemoryRateLimitStore> };

const PRUNE_ABOVE_KEYS = 50_000;

/**
 * In-process sliding window with exactly @upstash/ratelimit's `slidingWindow` arithmetic: the current fixed
 * window's count plus the previous window's count weighted by how much of it still overlaps the sliding window
 * (floored). Same answers in the embedded shape as in production. Counters live on globalThis per limiter name,
 * so every Next.js module graph in the process shares them.
 */
export function createMemoryRateLimiter({
  name,
  limit,
  windowMs,
  now = Date.now,
  store = processStore(name),
  decisions = "primary",
}: {
  name: string;
  limit: number;
  windowMs: number;
  now?: () => number;
  store?: MemoryRateLimitStore;
  /** "fallback": it stands in for an unavailable shared store (metrics `fallback_allowed` / `fallback_rejected`). */
  decisions?: "primary" | "fallback";
}): RateLimiter {
  const record = (allowed: boolean) => {
    const outcome = allowed ? "allowed" : "rejected";
    recordRateLimitDecision({
      limiter: name,
      result: decisions === "fallback" ? (`fallback_${outcome}` as const) : outcome,
    });
  };
  const read = (identifier: string) => {
    const at = now();
    const window = Math.floor(at / windowMs);
    const bucket = store.get(identifier);
    const current = bucket?.window === window ? bucket.count : 0;
    const previous = bucket?.window === window ? bucket.previous : bucket?.window === window - 1 ? bucket.count : 0;
    const weightedPrevious = Math.floor((1 - (at % windowMs) / windowMs) * previous);
    return { window, current, previous, weightedPrevious, reset: (window + 1) * windowMs };
  };
  return {
    name,
    async peek(identifier) {
      const { current, weightedPrevious, reset } = read(identifier);
      const remaining = Math.max(0, limit - current - weightedPrevious);
      return { success: remaining > 0, limit, remaining, reset };
    },
    async limit(identifier) {
      const { window, current, previous, weightedPrevious, reset } = read(identifier);
      if (weightedPrevious + current >= limit) {
        record(false);
        return { success: false, limit, remaining: 0, reset };
      }
      store.set(identifier, { window, count: current + 1, previous });
      if (store.size > PRUNE_ABOVE_KEYS) prune(store, window);
      record(true);
      return { success: true, limit, remaining: Math.max(0, limit - (current + 1 + weightedPrevious)), reset };
    },
  };
}

/** Buckets older than the previous window no longer count for anything. */
function prune(store: MemoryRateLimitStore, window: number): void {
  for (const [identifier, bucket] of store) {
    if (bucket.window < window - 1) store.delete(identifier);
  }
}

function processStore(name: string): MemoryRateLimitStore {
  const g = globalThis as StoresGlobal;
  g.__maitreRateLimitStores ??= new Map();
  let store = g.__maitreRateLimitStores.get(name);
  if (!store) {
    store = new Map();
    g.__maitreRateLimitStores.set(name, store);
  }
  return store;
}
