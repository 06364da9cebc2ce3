import { decorrelatedJitterGenerator, ExponentialBackoff, handleWhen, retry } from "cockatiel";
import { isTransientError } from "./classify-error";

export type RetryOptions = {
  /** Total calls including the first. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
};

/**
 * Retries fn while it fails transiently, with exponential backoff and decorrelated jitter (concurrent losers of
 * one race spread out instead of colliding again). Deterministic errors are rethrown at once.
 */
export async function retryTransient<T>(
  fn: (context: { attempt: number; signal: AbortSignal }) => Promise<T>,
  { maxAttempts = 3, initialDelayMs = 50, maxDelayMs = 2000, signal, onRetry }: RetryOptions = {},
): Promise<T> {
  const policy = retry(handleWhen(isTransientError), {
    // cockatiel counts retries after the first call.
    maxAttempts: Math.max(0, maxAttempts - 1),
    backoff: new ExponentialBackoff({
      initialDelay: initialDelayMs,
      maxDelay: maxDelayMs,
      generator: decorrelatedJitterGenerator,
    }),
  });
  const listener = onRetry
    ? policy.onRetry((event) =>
        onRetry({ attempt: event.attempt, delayMs: event.delay, error: "error" in event ? event.error : undefined }),
      )
    : undefined;
  try {
    return await policy.execute(({ attempt, signal: inner }) => fn({ attempt: attempt + 1, signal: inner }), signal);
  } finally {
    listener?.dispose();
  }
}
