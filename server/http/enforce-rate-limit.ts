import { DomainError } from "@/server/errors/domain-error";
import type { RateLimiter, RateLimitResult } from "@/server/infra/ratelimit";
import { retryAfterSeconds } from "@/server/infra/ratelimit";

/**
 * Spends one unit of `identifier`'s budget, or refuses with RATE_LIMITED; withRoute turns `retryAfterSeconds` into
 * the 429's Retry-After header.
 */
export async function enforceRateLimit(limiter: RateLimiter, identifier: string): Promise<void> {
  const result = await limiter.limit(identifier);
  if (result.success) return;
  throw rateLimitedError(result, { detail: `at most ${result.limit} requests per minute with this API key` });
}

/** THE refusal for a spent budget: its limit and Retry-After seconds (withRoute sets the header from them). */
export function rateLimitedError(
  result: RateLimitResult,
  { detail, afterwards = "retry" }: { detail: string; afterwards?: string },
): DomainError {
  const seconds = retryAfterSeconds(result);
  return new DomainError("RATE_LIMITED", detail, {
    hint: `Wait ${seconds} s (Retry-After), then ${afterwards}`,
    meta: { limit: result.limit, retryAfterSeconds: seconds },
  });
}
