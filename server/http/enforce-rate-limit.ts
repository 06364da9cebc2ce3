import { DomainError } from "@/server/errors/domain-error";
import type { RateLimiter } from "@/server/infra/ratelimit";
import { retryAfterSeconds } from "@/server/infra/ratelimit";

/**
 * Spends one unit of `identifier`'s budget, or refuses with RATE_LIMITED; withRoute turns `retryAfterSeconds` into
 * the 429's Retry-After header.
 */
export async function enforceRateLimit(limiter: RateLimiter, identifier: string): Promise<void> {
  const result = await limiter.limit(identifier);
  if (result.success) return;
  const seconds = retryAfterSeconds(result);
  throw new DomainError("RATE_LIMITED", `at most ${result.limit} requests per minute with this API key`, {
    hint: `Wait ${seconds} s (Retry-After), then retry`,
    meta: { limit: result.limit, retryAfterSeconds: seconds },
  });
}
