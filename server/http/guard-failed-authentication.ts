import { isDomainError } from "@/server/errors/domain-error";
import type { RateLimiter } from "@/server/infra/ratelimit";
import { rateLimitedError } from "./enforce-rate-limit";

/**
 * Runs an authentication (API key, sign-in) under a budget of failures per client address. An address that has
 * used up its budget is refused with RATE_LIMITED before its credentials are looked at, so a right guess cannot be
 * told from a wrong one until the window has passed; every UNAUTHENTICATED answer spends one unit. Successful
 * authentications cost nothing.
 */
export async function guardFailedAuthentication<T>({
  limiter,
  address,
  authenticate,
}: {
  limiter: RateLimiter;
  address: string;
  authenticate: () => Promise<T>;
}): Promise<T> {
  const budget = await limiter.peek(address);
  if (!budget.success) {
    throw rateLimitedError(budget, {
      detail: "too many failed authentication attempts from this address",
      afterwards: "retry with valid credentials",
    });
  }
  try {
    return await authenticate();
  } catch (error) {
    if (isDomainError(error, "UNAUTHENTICATED")) await limiter.limit(address);
    throw error;
  }
}
