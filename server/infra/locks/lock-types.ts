export type LockAdapterName = "upstash" | "postgres" | "memory";

export type LockInput = { key: string; token: string };

/**
 * A lock store. Every acquisition carries a fresh token; release and extend succeed only for the token that
 * holds the lock (compare-and-set), so a holder whose lock expired and was re-acquired can never release or
 * extend someone else's. `acquire` answers which store granted the lock (the fallback adapter may grant from
 * its secondary), or null when it is held.
 */
export type LockAdapter = {
  readonly name: string;
  /** `onLost`: called if the store drops the lock on its own before release (a PostgreSQL session that ended). */
  acquire(input: LockInput & { ttlMs: number; onLost?: () => void }): Promise<LockAdapterName | null>;
  release(input: LockInput): Promise<boolean>;
  extend(input: LockInput & { ttlMs: number }): Promise<boolean>;
  close(): Promise<void>;
};

export type LockContext = {
  /** Aborted when the lock's TTL passes without an extend, or an extend finds the lock lost. */
  signal: AbortSignal;
  token: string;
  /** The store that granted this acquisition. */
  adapter: LockAdapterName;
  /** Pushes the expiry to now + ms (default: the original TTL); throws LockLostError if it was lost. */
  extend(ms?: number): Promise<void>;
};

export type WithLockOptions = {
  /** How long to keep retrying (with jitter) while the lock is held elsewhere before LockBusyError. */
  waitMs?: number;
};

export type LockManager = {
  /** e.g. "upstash>postgres", "postgres", "memory" — for logs and /api/health. */
  readonly adapter: string;
  withLock<T>(key: string, ttlMs: number, fn: (lock: LockContext) => Promise<T>, options?: WithLockOptions): Promise<T>;
  close(): Promise<void>;
};
