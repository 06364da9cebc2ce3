/**
 * The contract of the mixed load generator (`npm run load`, scripts/load/): what it is asked to do and what it
 * reports. The soak (`npm run soak`) and the scale-out run (`npm run scaleout`) drive it through
 * `runMixedLoad(options): Promise<TLoadReport>` (scripts/load/run-mixed-load.ts) and read these shapes.
 */

/** Every kind of request the generator sends; the report's per-route figures are keyed by these names. */
export type TLoadRoute =
  // booking clients (API key)
  | "availability" // GET /api/availability?date&partySize
  | "booking.create" // POST /api/bookings (Idempotency-Key; retried with the same key on timeout/5xx/429)
  | "booking.read" // GET /api/bookings/{reference}
  | "booking.cancel" // DELETE /api/bookings/{reference}
  // staff (session cookie + Origin)
  | "staff.quote" // POST /api/staff/auto/quote
  | "staff.confirm" // POST /api/staff/auto/confirm (Idempotency-Key)
  | "manual.context" // GET /api/staff/manual/context
  | "manual.hold" // POST /api/staff/manual/hold
  | "manual.confirm" // POST /api/staff/manual/confirm (Idempotency-Key)
  | "ops.list" // GET /api/ops/bookings?restaurantId&date
  | "ops.transition" // POST /api/ops/bookings/{id}/transitions (check-in / check-out)
  | "ops.stream"; // GET /api/ops/stream (SSE; one long-lived subscriber per staff member: connects, events)

/** What one answer was, for the error classes of the report. */
export type TErrorClass =
  | "ok" // 2xx
  | "client_4xx" // 4xx other than the ones below: an expected refusal (e.g. 409 no table, 422 too late)
  | "rate_limited" // 429
  | "server_5xx" // 5xx other than 503
  | "unavailable_503" // 503 (dependency outage: expected only inside a fault window)
  | "timeout" // no answer within the client timeout
  | "connection"; // refused / reset (e.g. the web process was down)

export type TLoadOptions = {
  /** One or more base URLs (loopback only); requests are spread round-robin over them (several web instances). */
  urls: string[];
  /** Target requests per second over all routes (open loop: sent on schedule whatever earlier answers did). */
  rate: number;
  /** The run at the steady `rate` (after the ramp, when there is one). */
  durationMs: number;
  /**
   * Before the steady rate, a linear ramp from a fifth of it, this long (default 0: full rate at once). A cold
   * process that gets the full rate at once queues it while it compiles and warms up; production instances
   * come up under a ramp (a load balancer's slow start) for the same reason.
   */
  rampMs?: number;
  /** Hard cap on the number of requests (the run stops at whichever of duration and count comes first). */
  maxRequests?: number;
  /** Booking-client API key of the restaurant under load. */
  apiKey: string;
  /** Staff sign-in used for staff traffic (POST /api/auth/session); one session per simulated staff member. */
  staff: { email: string; password: string };
  /** How many staff members (SSE subscribers, staff request streams) to simulate. */
  staffCount?: number;
  restaurantId: string;
  /** The service date under load (YYYY-MM-DD, restaurant-local). */
  date: string;
  /**
   * Optional (added after the first draft): several service dates. When given, availability look-ups and bookings
   * spread evenly over them (so a 10-minute soak does not pile thousands of bookings onto one evening), staff traffic
   * acts on the date of the booking it picked, and list reads pick one of them. `date` is then the first of them.
   */
  dates?: string[];
  requestTimeoutMs?: number;
  /** Give up retrying one booking after this long. */
  giveUpMs?: number;
  /** Deterministic mix and payloads. */
  seed?: number;
  /** Called at most once a second with progress (for the soak's console). */
  onProgress?: (progress: { elapsedMs: number; sent: number; answered: number; inFlight: number }) => void;
};

export type TRouteFigures = {
  count: number;
  /** Milliseconds, answered requests only (timeouts and connection errors excluded). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  byClass: Partial<Record<TErrorClass, number>>;
  /** HTTP status → count, e.g. {"201": 400, "409": 3}. */
  byStatus: Record<string, number>;
};

/** One request that went wrong in a way worth seeing (5xx, timeouts, connection errors) with when it happened. */
export type TLoadIncident = {
  at: number;
  route: TLoadRoute;
  url: string;
  errorClass: TErrorClass;
  status: number | null;
  code: string | null;
};

export type TLoadReport = {
  startedAt: number;
  /** The ramp before the steady rate (ms; 0: none): the steady part starts at startedAt + rampMs. */
  rampMs: number;
  endedAt: number;
  sent: number;
  answered: number;
  /** answered / wall seconds. */
  throughput: number;
  routes: Partial<Record<TLoadRoute, TRouteFigures>>;
  errors: Partial<Record<TErrorClass, number>>;
  incidents: TLoadIncident[];
  /** Every booking reference some answer accepted (201/200 on POST /api/bookings or a staff confirm), with the key. */
  accepted: Array<{ reference: string; bookingId?: string; idempotencyKey: string; acceptedAt: number }>;
  /** References cancelled with a 2xx (they must end cancelled). */
  cancelled: string[];
  /** Bookings the client gave up on (never accepted, not refused with a 4xx). */
  gaveUp: number;
  sse: { subscribers: number; events: number; reconnects: number };
  /** Every route together, by the time requests were sent: where warm-up and each fault show. */
  windows: TLoadWindow[];
};

/** The requests sent in one window of the run (all routes). */
export type TLoadWindow = {
  /** Seconds after the load started. */
  fromSec: number;
  toSec: number;
  sent: number;
  /** Answered at all (any status). */
  answered: number;
  /** 5xx, timeouts and connection errors. */
  failed: number;
  /** Milliseconds, answered requests only. */
  p50: number;
  p95: number;
};
