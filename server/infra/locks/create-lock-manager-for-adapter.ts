import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@/server/infra/telemetry/logger";
import { type LockResult, recordLockAcquisition } from "@/server/infra/telemetry/metrics";
import { LockBusyError, LockLostError } from "./lock-errors";
import type { LockAdapter, LockAdapterName, LockContext, LockManager } from "./lock-types";

const DEFAULT_WAIT_MS = 1000;
const MAX_BACKOFF_MS = 200;

/**
 * `withLock` over one store: acquire with a fresh token (retrying with jittered backoff until waitMs, then
 * LockBusyError), run fn with a signal that aborts when the TTL runs out, release by compare-and-set.
 *
 * A lock here is an OPTIMISATION — it keeps two workers from planning the same booking at once. It is never
 * what makes a write correct: a lock can expire mid-work (GC pause, slow network) or, during a Redis outage,
 * be held in two stores at once. Correctness stays with the `state_version` fence in every write function and
 * the allocations exclusion constraint, so work that loses its lock fails its commit instead of corrupting data.
 */
export function createLockManagerForAdapter({ adapter, log }: { adapter: LockAdapter; log: Logger }): LockManager {
  return {
    adapter: adapter.name,
    async withLock(key, ttlMs, fn, { waitMs = DEFAULT_WAIT_MS } = {}) {
      const token = randomUUID();
      const controller = new AbortController();
      // A store that loses the lock by itself (its session died) says so: the holder's signal aborts at once, and
      // the booking's version fence decides whether its work still commits.
      const onLost = () => controller.abort(new LockLostError(key, "the store dropped the lock (session ended)"));
      const grantedBy = await acquire({ adapter, key, token, ttlMs, waitMs, onLost });
      let timer = expireAfter(controller, key, ttlMs);
      const lock: LockContext = {
        signal: controller.signal,
        token,
        adapter: grantedBy,
        async extend(ms = ttlMs) {
          controller.signal.throwIfAborted();
          if (!(await adapter.extend({ key, token, ttlMs: ms }))) {
            const lost = new LockLostError(key, "held by another token or expired");
            controller.abort(lost);
            throw lost;
          }
          clearTimeout(timer);
          timer = expireAfter(controller, key, ms);
        },
      };
      try {
        return await fn(lock);
      } finally {
        clearTimeout(timer);
        await adapter.release({ key, token }).catch((error: unknown) => {
          // The TTL frees it anyway; a failed release only delays the next holder.
          log.warn({ err: error, key, store: adapter.name }, "lock release failed");
        });
      }
    },
    close: () => adapter.close(),
  };
}

async function acquire({
  adapter,
  key,
  token,
  ttlMs,
  waitMs,
  onLost,
}: {
  adapter: LockAdapter;
  key: string;
  token: string;
  ttlMs: number;
  waitMs: number;
  onLost: () => void;
}): Promise<LockAdapterName> {
  const started = performance.now();
  const record = (result: LockResult, store: string) =>
    recordLockAcquisition({ adapter: store, result, seconds: (performance.now() - started) / 1000 });
  for (let attempt = 0; ; attempt++) {
    let granted: LockAdapterName | null;
    try {
      granted = await adapter.acquire({ key, token, ttlMs, onLost });
    } catch (error) {
      record("error", adapter.name);
      throw error;
    }
    if (granted) {
      record(attempt === 0 ? "acquired" : "contended", granted);
      return granted;
    }
    const remaining = waitMs - (performance.now() - started);
    if (remaining <= 0) {
      record("busy", adapter.name);
      throw new LockBusyError(key, Math.round(performance.now() - started));
    }
    // Full jitter: waiters of one key spread out instead of stampeding when it frees.
    const backoff = Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** attempt);
    await sleep(Math.min(remaining, Math.max(2, backoff)));
  }
}

function expireAfter(controller: AbortController, key: string, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => controller.abort(new LockLostError(key, `TTL of ${ms} ms passed`)), ms);
  timer.unref();
  return timer;
}
