/** The same shape as @upstash/ratelimit's result, whichever store answered. `reset` is epoch milliseconds. */
export type RateLimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  reset: number;
  /**
   * "local" when the shared store (Redis) was unavailable and this process's own counter decided instead: the
   * same limit per process, so it refuses no more than the shared count would, and brute-force limits still hold.
   */
  fallback?: "local";
};

export type RateLimiter = {
  readonly name: string;
  /** Spends one unit of `identifier`'s budget (success: it had one left). */
  limit(identifier: string): Promise<RateLimitResult>;
  /** What `limit` would answer, without spending anything (success: budget left). */
  peek(identifier: string): Promise<RateLimitResult>;
};

export type RateLimiters = {
  /** Per booking client: API key id, or IP for unauthenticated calls. */
  bookingClient: RateLimiter;
  /** Per restaurant for assignment work, so a surge at one venue does not starve the others. */
  assignment: RateLimiter;
  /** Failed authentications per client address: past the limit, the address is refused before its credentials
   * are even checked, so keys and passwords cannot be guessed at speed. */
  authFailure: RateLimiter;
  /** Every staff sign-in attempt per client address, right or wrong: each costs a deliberately slow password
   * hash, so this bounds the CPU one address can make the server burn. */
  signInAttempt: RateLimiter;
  /** Failed staff sign-ins per email (hashed) over a longer window, from any address: slows guessing one
   * account's password from many addresses. Counts unknown emails alike, so it tells nobody which exist. */
  signInFailure: RateLimiter;
};

export type RateLimiterName = keyof RateLimiters;

/** Seconds for a 429's Retry-After header. */
export function retryAfterSeconds(result: RateLimitResult, now = Date.now()): number {
  return Math.max(1, Math.ceil((result.reset - now) / 1000));
}
