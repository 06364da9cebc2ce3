import { Redis } from "@upstash/redis";

export type UpstashRedisOptions = { url: string; token: string; timeoutMs?: number };

/**
 * An Upstash client for locks and rate limits. The SDK's default retries a failed request five times with
 * exponential backoff (~4 s); Redis only ever saves work here, so fail fast (one quick retry, a per-request
 * deadline) and let the circuit breaker and the fallbacks take over.
 */
export function createUpstashRedis({ url, token, timeoutMs = 1000 }: UpstashRedisOptions): Redis {
  return new Redis({
    url,
    token,
    retry: { retries: 1, backoff: () => 25 },
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}
