import { createHash } from "node:crypto";
import { type DomainError, isDomainError } from "@/server/errors/domain-error";
import type { RateLimiters, RateLimitResult } from "@/server/infra/ratelimit";
import { rateLimitedError } from "./enforce-rate-limit";
import { guardFailedAuthentication } from "./guard-failed-authentication";

/**
 * The budgets of a staff sign-in, cheapest first, before any password is hashed:
 * 1. attempts per client address per minute (right or wrong: each costs a slow hash);
 * 2. failed authentications per address (the budget API keys share, guardFailedAuthentication);
 * 3. failed sign-ins per email over 15 minutes, from any address — keyed by the email's SHA-256, so the store
 *    holds no addresses of people, and counted for unknown emails too, so a 429 says nothing about existence.
 * Only UNAUTHENTICATED answers spend the failure budgets.
 */
export async function throttleSignIn<T>({
  limiters,
  address,
  email,
  attempt,
}: {
  limiters: Pick<RateLimiters, "signInAttempt" | "signInFailure" | "authFailure">;
  address: string;
  email: string;
  attempt: () => Promise<T>;
}): Promise<T> {
  const perAddress = await limiters.signInAttempt.limit(address);
  if (!perAddress.success) throw signInRefused("too many sign-in attempts from this address", perAddress);
  const emailKey = createHash("sha256").update(email).digest("hex");
  const perEmail = await limiters.signInFailure.peek(emailKey);
  if (!perEmail.success) throw signInRefused("too many failed sign-ins for this email", perEmail);
  try {
    return await guardFailedAuthentication({ limiter: limiters.authFailure, address, authenticate: attempt });
  } catch (error) {
    if (isDomainError(error, "UNAUTHENTICATED")) await limiters.signInFailure.limit(emailKey);
    throw error;
  }
}

function signInRefused(detail: string, result: RateLimitResult): DomainError {
  return rateLimitedError(result, { detail, afterwards: "sign in again" });
}
