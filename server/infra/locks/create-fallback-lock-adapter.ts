import { type CircuitBreakerPolicy, isBrokenCircuitError } from "cockatiel";
import type { Logger } from "@/server/infra/telemetry/logger";
import type { LockAdapter, LockInput } from "./lock-types";

/**
 * Primary store (Upstash) behind a circuit breaker, secondary (PostgreSQL advisory locks, or in-process locks
 * on PGlite) while the primary fails or its circuit is open. Release and extend go to whichever store granted
 * that token. While some processes lock in Redis and others in PostgreSQL they do not exclude each other:
 * acceptable, because a lock only saves duplicate work — state_version fencing and the allocations exclusion
 * constraint keep the data correct regardless.
 */
export function createFallbackLockAdapter({
  primary,
  secondary,
  breaker,
  log,
}: {
  primary: LockAdapter;
  secondary: LockAdapter;
  breaker: CircuitBreakerPolicy;
  log: Logger;
}): LockAdapter {
  const owners = new Map<string, LockAdapter>();

  const ownerCall = async (input: LockInput, call: (adapter: LockAdapter) => Promise<boolean>) => {
    const owner = owners.get(input.token);
    if (!owner) return false;
    return owner === primary ? breaker.execute(() => call(primary)) : call(secondary);
  };

  return {
    name: `${primary.name}>${secondary.name}`,
    async acquire(input) {
      // Always through breaker.execute: while the circuit is open it refuses at once without calling the primary,
      // and once halfOpenAfter has passed it lets one trial through (cockatiel 3 half-opens only inside execute();
      // checking "is it open?" first would keep it open, and every process on the fallback, until a restart).
      try {
        const granted = await breaker.execute(() => primary.acquire(input));
        if (granted) owners.set(input.token, primary);
        return granted;
      } catch (error) {
        if (!isBrokenCircuitError(error)) {
          log.warn({ err: error, key: input.key, store: primary.name }, "lock store failed; falling back");
        }
      }
      const granted = await secondary.acquire(input);
      if (granted) owners.set(input.token, secondary);
      return granted;
    },
    async release(input) {
      try {
        return await ownerCall(input, (adapter) => adapter.release(input));
      } finally {
        owners.delete(input.token);
      }
    },
    extend: (input) => ownerCall(input, (adapter) => adapter.extend(input)),
    async close() {
      await Promise.all([primary.close(), secondary.close()]);
    },
  };
}
