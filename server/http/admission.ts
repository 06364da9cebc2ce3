/**
 * Load shedding for one web process, after CoDel's idea: a queue is only bad when it stands. A request is refused at
 * once (503 OVERLOADED with Retry-After, nothing read or written) instead of queueing behind the others when
 *   - a queue stands: `lowWater` (32) or more requests have been in flight without a break for longer than
 *     `standingMs` (2 s; a cold process warming up under load has a queue for a second or so that is not overload)
 *     — then the process admits up to `lowWater` and refuses the rest until the queue breaks; or
 *   - the process is full: `hardLimit` requests in flight, however briefly.
 *
 * Why: past its capacity a process that keeps accepting work queues it — every answer gets slower, clients time out
 * and retry, the retries add load, and the process stops answering anyone. Measured on the soak stack (2 cores,
 * docs/benchmarks.md): 50 requests/s offered through a slow start, with no shedding (or only at 128 in flight),
 * answers fell to ~20/s with most requests timing out, and never recovered; holding the queue at 24–32 it refused the
 * excess for ~40 s and then served the full 50/s with p95 under 0.4 s. A limit on the count alone refuses healthy
 * bursts too; the standing rule does not: a burst of 50 requests at once (a race test, a partner's batch) is admitted
 * whole, since the queue had no time to stand — and a healthy process (40 requests/s × 50 ms ≈ 2 in flight) never
 * reaches the low-water mark.
 */
export type TAdmissionOptions = {
  /** A queue of at least this many requests in flight... */
  lowWater: number;
  /** ...that has not broken for this long is standing: the process refuses past lowWater. */
  standingMs: number;
  /** In flight at or above this, the process refuses new requests at once. */
  hardLimit: number;
};

export type TAdmission = {
  /** A release function when admitted (call it once, when the handler is done), or null: refuse the request. */
  tryAdmit(): (() => void) | null;
  inFlight(): number;
};

export function createAdmission(
  { lowWater, standingMs, hardLimit }: TAdmissionOptions,
  now: () => number = () => performance.now(),
): TAdmission {
  let inFlight = 0;
  /** Since when lowWater or more have been in flight without a break (null: the queue is below it). */
  let queuedSince: number | null = null;
  return {
    tryAdmit() {
      const standing = queuedSince !== null && now() - queuedSince > standingMs;
      if (inFlight >= hardLimit || (standing && inFlight >= lowWater)) return null;
      inFlight += 1;
      if (inFlight >= lowWater && queuedSince === null) queuedSince = now();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
        if (inFlight < lowWater) queuedSince = null;
      };
    },
    inFlight: () => inFlight,
  };
}

/** A standing queue is this long (a healthy process has a handful in flight: 40 requests/s × 50 ms ≈ 2)... */
export const SHED_LOW_WATER = 32;
/** ...for this long without a break (a restarted process warming up at 25 requests/s queues for about a second). */
export const SHED_STANDING_MS = 2000;

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
        lowWater: Math.min(SHED_LOW_WATER, hardLimit),
        standingMs: SHED_STANDING_MS,
        hardLimit,
      }),
    };
  return g.__maitreAdmission.admission;
}

/** Seconds a refused client is asked to wait. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 2;
