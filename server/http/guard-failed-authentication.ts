import { isDomainError } from "@/server/errors/domain-error";
import type { RateLimiter, RateLimitResult } from "@/server/infra/ratelimit";
import { rateLimitedError } from "./enforce-rate-limit";

type TBlocked = Map<string, RateLimitResult>;
type BlockedGlobal = typeof globalThis & { __maitreBlockedAddresses?: WeakMap<RateLimiter, TBlocked> };

const PRUNE_ABOVE = 10_000;

/**
 * Runs an authentication (API key, sign-in) under a budget of failures per client address. Every UNAUTHENTICATED
 * answer spends one unit; the failure that finds the budget spent is answered RATE_LIMITED instead, and from then
 * on until the window resets this process refuses the address before its credentials are looked at, so a right
 * guess cannot be told from a wrong one. Successful authentications cost nothing — in particular no call to the
 * limiter's store (Upstash: a round trip) on the booking path: the block is remembered in the process, and each
 * other instance learns it from its own first failure (at most one more guess per instance and window).
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
  const blocked = blockedAddresses(limiter);
  const block = blocked.get(address);
  if (block && block.reset > Date.now()) throw refusal(block);
  if (block) blocked.delete(address);
  try {
    return await authenticate();
  } catch (error) {
    if (!isDomainError(error, "UNAUTHENTICATED")) throw error;
    const spent = await limiter.limit(address);
    if (spent.success) throw error;
    if (blocked.size > PRUNE_ABOVE) prune(blocked);
    blocked.set(address, spent);
    throw refusal(spent);
  }
}

function refusal(result: RateLimitResult) {
  return rateLimitedError(result, {
    detail: "too many failed authentication attempts from this address",
    afterwards: "retry with valid credentials",
  });
}

/** Per limiter, on globalThis: every Next.js module graph of the process must see the same blocks. */
function blockedAddresses(limiter: RateLimiter): TBlocked {
  const g = globalThis as BlockedGlobal;
  g.__maitreBlockedAddresses ??= new WeakMap();
  let blocked = g.__maitreBlockedAddresses.get(limiter);
  if (!blocked) {
    blocked = new Map();
    g.__maitreBlockedAddresses.set(limiter, blocked);
  }
  return blocked;
}

function prune(blocked: TBlocked): void {
  const now = Date.now();
  for (const [key, result] of blocked) if (result.reset <= now) blocked.delete(key);
}
