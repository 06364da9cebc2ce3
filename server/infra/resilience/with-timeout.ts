import { TimeoutStrategy, timeout } from "cockatiel";

/**
 * Runs fn under a deadline. fn gets a signal that aborts at the deadline (pass it on to fetch/queries); the
 * caller gets a TaskCancelledError (transient) at the deadline even if fn ignores the signal.
 */
export function withTimeout<T>(
  { ms, signal }: { ms: number; signal?: AbortSignal },
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return timeout(ms, TimeoutStrategy.Aggressive).execute((_context, inner) => fn(inner), signal);
}
