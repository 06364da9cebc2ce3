/**
 * Load shedding for one web process. A request is refused at once (503 OVERLOADED with Retry-After, nothing read or
 * written) instead of queueing behind the others when the process is
 *   - busy AND slow: at least `softLimit` requests in flight while recent requests took longer than `targetMs`
 *     (an exponential moving average of their durations), or
 *   - full: `hardLimit` requests in flight, however fast they were.
 *
 * Why: past its capacity a process that keeps accepting work queues it — every answer gets slower, clients time out
 * and retry, the retries add load, and the process stops answering anyone. Measured on the soak stack (2 cores,
 * docs/benchmarks.md): offered 50 requests/s through a slow start, without shedding (or with a limit of 128 in
 * flight) answers fell to ~20/s with most requests timing out and never recovered; shedding at 24–32 in flight it
 * refused the excess for ~40 s and then served the full 50/s with p95 under 0.4 s. Latency decides, not the count
 * alone: a fast process is never refused below the hard limit.
 */
export type TAdmissionOptions = {
  /** In flight at or above this, a slow process refuses new requests. */
  softLimit: number;
  /** In flight at or above this, the process refuses new requests whatever their speed. */
  hardLimit: number;
  /** "Slow": the moving average of recent request durations above this. */
  targetMs: number;
};

export type TAdmission = {
  /** A release function when admitted (call it once, when the handler is done), or null: refuse the request. */
  tryAdmit(): (() => void) | null;
  inFlight(): number;
  /** The moving average of recent durations (ms). */
  recentMs(): number;
};

/** Weight of the newest duration in the moving average (~the last 10 requests count). */
const SMOOTHING = 0.1;
/** A moving average older than this (no request finished since) says nothing about now: an idle process is not slow. */
const STALE_AFTER_MS = 5000;

export function createAdmission(
  { softLimit, hardLimit, targetMs }: TAdmissionOptions,
  now: () => number = () => performance.now(),
): TAdmission {
  let inFlight = 0;
  let recentMs = 0;
  let lastFinishedAt = Number.NEGATIVE_INFINITY;
  return {
    tryAdmit() {
      const slow = recentMs > targetMs && now() - lastFinishedAt < STALE_AFTER_MS;
      if (inFlight >= hardLimit || (inFlight >= softLimit && slow)) return null;
      inFlight += 1;
      const started = now();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
        lastFinishedAt = now();
        recentMs += SMOOTHING * (lastFinishedAt - started - recentMs);
      };
    },
    inFlight: () => inFlight,
    recentMs: () => recentMs,
  };
}

/**
 * Busy means this many in flight (a healthy process has a handful: 40 requests/s × 50 ms = 2). Above the 50 concurrent
 * requests a race test or a partner's batch sends at once: such a burst is always served, even by a process that has
 * just been slow (at 32, a burst right after a slow one was half refused).
 */
export const SHED_SOFT_LIMIT = 64;
/** Slow means recent requests took longer than this on average. */
export const SHED_TARGET_MS = 1000;

type TAdmissionGlobal = typeof globalThis & { __maitreAdmission?: { hardLimit: number; admission: TAdmission } };

/**
 * The process's admission (one for every route: kept on globalThis, as Next.js may load route modules in separate
 * graphs), its hard limit MAX_IN_FLIGHT_REQUESTS; a new limit (tests) builds a fresh one.
 */
export function processAdmission(hardLimit: number): TAdmission {
  const g = globalThis as TAdmissionGlobal;
  if (g.__maitreAdmission?.hardLimit !== hardLimit)
    g.__maitreAdmission = {
      hardLimit,
      admission: createAdmission({
        softLimit: Math.min(SHED_SOFT_LIMIT, hardLimit),
        hardLimit,
        targetMs: SHED_TARGET_MS,
      }),
    };
  return g.__maitreAdmission.admission;
}

/** Seconds a refused client is asked to wait. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 2;
