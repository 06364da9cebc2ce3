/**
 * Load shedding for one web process: at most `limit` requests are worked on at once; the next one is refused at
 * once (503 OVERLOADED with Retry-After, nothing read or written) instead of queueing behind the others.
 *
 * Why: past its capacity a process that keeps accepting work queues it — every answer gets slower, clients time out
 * and retry, the retries add load, and the process stops answering anyone (measured here: at 50 requests/s offered
 * to a stack that serves ~40, answers fell to ~20/s with most requests timing out at 10 s). Refusing the excess
 * keeps the admitted requests fast and tells the others when to come back. In a healthy process a handful of
 * requests are in flight (rate × latency: 40/s × 50 ms = 2), so the default limit is far from normal operation.
 */
export type TAdmission = {
  /** A release function when admitted (call it once, when the handler is done), or null: refuse the request. */
  tryAdmit(): (() => void) | null;
  inFlight(): number;
};

export function createAdmission(limit: number): TAdmission {
  let inFlight = 0;
  return {
    tryAdmit() {
      if (inFlight >= limit) return null;
      inFlight += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
      };
    },
    inFlight: () => inFlight,
  };
}

type TAdmissionGlobal = typeof globalThis & { __maitreAdmission?: { limit: number; admission: TAdmission } };

/**
 * The process's admission (one for every route: kept on globalThis, as Next.js may load route modules in separate
 * graphs), limited by MAX_IN_FLIGHT_REQUESTS; a new limit (tests) builds a fresh one.
 */
export function processAdmission(limit: number): TAdmission {
  const g = globalThis as TAdmissionGlobal;
  if (g.__maitreAdmission?.limit !== limit) g.__maitreAdmission = { limit, admission: createAdmission(limit) };
  return g.__maitreAdmission.admission;
}

/** Seconds a refused client is asked to wait: long enough for a queue of `limit` requests to drain. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 2;
