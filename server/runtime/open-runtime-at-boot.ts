import { retryTransient } from "@/server/infra/resilience/retry-transient";
import type { Logger } from "@/server/infra/telemetry/logger";
import { getRuntime, type TRuntime } from "./get-runtime";

/**
 * The runtime for a process that is starting (web or worker): a database that is unreachable for a moment — it is
 * restarting during the same deploy — is waited for (about 20 s in all, each try logged) instead of leaving a
 * process that can never serve. Past that, or on an error that is not transient, it throws: the caller exits 1 and
 * the supervisor restarts it.
 */
export function openRuntimeAtBoot({ log, maxAttempts = 8 }: { log: Logger; maxAttempts?: number }): Promise<TRuntime> {
  return retryTransient(() => getRuntime(), {
    maxAttempts,
    initialDelayMs: 500,
    maxDelayMs: 4000,
    onRetry: ({ attempt, delayMs, error }) =>
      log.warn(
        { err: error, attempt, maxAttempts, retryInMs: Math.round(delayMs) },
        "database unreachable at boot; trying again",
      ),
  });
}
