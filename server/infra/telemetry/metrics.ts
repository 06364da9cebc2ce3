import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process-wide Prometheus registry and Maitre's metrics, kept on globalThis: Next.js dev reloads modules
 * and instrumentation/route handlers have separate module graphs, and registering a metric name twice
 * throws. `GET /api/metrics` serves `getMetricsRegistry().metrics()`.
 */
export type CircuitStateValue = 0 | 1 | 2;
/** Per queue: jobs due now (created or retry, start time reached), jobs waiting for a later start (a delayed send or
 * a retry's backoff), and how long the oldest due job has been due. */
export type QueueStats = { ready: number; scheduled: number; oldestReadySeconds: number };
export type QueueDepthSource = () => Promise<Record<string, QueueStats>>;
export type LockResult = "acquired" | "contended" | "busy" | "error";
export type RateLimitDecision = "allowed" | "rejected" | "fallback_allowed" | "fallback_rejected";

type MaitreMetrics = {
  registry: Registry;
  assignmentAttempts: Counter<"outcome" | "trigger">;
  plannerDuration: Histogram<"strategy">;
  commitDuration: Histogram<"outcome">;
  lockContention: Counter<"adapter" | "result">;
  lockAcquireDuration: Histogram<"adapter">;
  queueDepth: Gauge<"queue">;
  queueScheduled: Gauge<"queue">;
  queueOldestReady: Gauge<"queue">;
  reviewQueue: Gauge;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  circuitState: Gauge<"dependency">;
  rateLimitDecisions: Counter<"limiter" | "result">;
  requestsShed: Counter<"route">;
  requestsInFlight: Gauge;
  queueDepthSources: Set<QueueDepthSource>;
};

type MetricsGlobal = typeof globalThis & {
  __maitreMetrics?: MaitreMetrics;
  __maitreReviewQueueSource?: (() => Promise<number>) | undefined;
};

// The planner is meant to answer in single-digit milliseconds; commits are one SQL function call.
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const QUEUE_DEPTH_TIMEOUT_MS = 2000;
// Whole requests: a quote is tens of milliseconds, an optimizer preview start or a CSV import can take seconds.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// One scrape sets the three queue gauges from one read.
const QUEUE_STATS_REUSE_MS = 1000;

export function getMetrics(): MaitreMetrics {
  const g = globalThis as MetricsGlobal;
  g.__maitreMetrics ??= createMetrics();
  return g.__maitreMetrics;
}

export function getMetricsRegistry(): Registry {
  return getMetrics().registry;
}

function createMetrics(): MaitreMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "maitre_" });
  const queueDepthSources = new Set<QueueDepthSource>();
  const registers = [registry];
  return {
    registry,
    queueDepthSources,
    assignmentAttempts: new Counter({
      name: "maitre_assignment_attempts_total",
      help: "Assignment attempts by outcome and trigger (inline, job, manual, optimizer, bulk)",
      labelNames: ["outcome", "trigger"],
      registers,
    }),
    plannerDuration: new Histogram({
      name: "maitre_planner_duration_seconds",
      help: "Time to plan table candidates for one booking",
      labelNames: ["strategy"],
      buckets: FAST_BUCKETS,
      registers,
    }),
    commitDuration: new Histogram({
      name: "maitre_commit_duration_seconds",
      help: "Time of the commit_assignment transaction",
      labelNames: ["outcome"],
      buckets: FAST_BUCKETS,
      registers,
    }),
    lockContention: new Counter({
      name: "maitre_lock_acquisitions_total",
      help: "Lock acquisitions by adapter and result (acquired first try, contended, busy = gave up, error)",
      labelNames: ["adapter", "result"],
      registers,
    }),
    lockAcquireDuration: new Histogram({
      name: "maitre_lock_acquire_duration_seconds",
      help: "Time from asking for a lock to holding it (or giving up)",
      labelNames: ["adapter"],
      buckets: FAST_BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: "maitre_queue_depth",
      help: "Jobs due now (created or retry, start time reached) per queue, read when scraped",
      labelNames: ["queue"],
      registers,
      async collect() {
        setFromStats(this, await readQueueStats(), (stats) => stats.ready);
      },
    }),
    queueScheduled: new Gauge({
      name: "maitre_queue_scheduled",
      help: "Jobs waiting for a later start per queue (a delayed send or a retry's backoff), read when scraped",
      labelNames: ["queue"],
      registers,
      async collect() {
        setFromStats(this, await readQueueStats(), (stats) => stats.scheduled);
      },
    }),
    queueOldestReady: new Gauge({
      name: "maitre_queue_oldest_ready_seconds",
      help: "How long the oldest job due now has been waiting for a worker, per queue (0 = none due)",
      labelNames: ["queue"],
      registers,
      async collect() {
        setFromStats(this, await readQueueStats(), (stats) => stats.oldestReadySeconds);
      },
    }),
    circuitState: new Gauge({
      name: "maitre_circuit_state",
      help: "Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open",
      labelNames: ["dependency"],
      registers,
    }),
    rateLimitDecisions: new Counter({
      name: "maitre_rate_limit_decisions_total",
      help: "Rate-limit decisions by limiter and result (fallback_* = Redis unavailable, this process's own counter decided)",
      labelNames: ["limiter", "result"],
      registers,
    }),
    requestsShed: new Counter({
      name: "maitre_requests_shed_total",
      help: "Requests refused at once (503 OVERLOADED): a queue stood, or the process was full",
      labelNames: ["route"],
      registers,
    }),
    reviewQueue: new Gauge({
      name: "maitre_review_queue_depth",
      help: "Bookings waiting in manual review that are not over yet, all restaurants, read when scraped",
      registers,
      async collect() {
        const source = (globalThis as MetricsGlobal).__maitreReviewQueueSource;
        if (!source) return;
        // A slow or failing database leaves the last value rather than failing the whole scrape.
        const depth = await withDeadline(source(), QUEUE_DEPTH_TIMEOUT_MS).catch(() => undefined);
        if (depth !== undefined) this.set(depth);
      },
    }),
    httpRequests: new Counter({
      name: "maitre_http_requests_total",
      help: "API requests answered by this process, by route name, method and status (shed ones included: 503)",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "maitre_http_request_duration_seconds",
      help: "Time from a request's arrival to its response headers (a stream: to its start), by route name and method",
      labelNames: ["route", "method"],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    requestsInFlight: new Gauge({
      name: "maitre_requests_in_flight",
      help: "API requests being worked on by this process (a queue of 32 standing 2 s sheds load)",
      registers,
    }),
  };
}

let lastStats: { at: number; stats: Promise<Record<string, QueueStats>[]> } | undefined;

/** Every registered source, each under its deadline (a slow or failing database leaves the gauges' last values). */
function readQueueStats(): Promise<Record<string, QueueStats>[]> {
  const now = Date.now();
  if (lastStats && now - lastStats.at < QUEUE_STATS_REUSE_MS) return lastStats.stats;
  const stats = Promise.all(
    [...getMetrics().queueDepthSources].map((source) =>
      withDeadline(source(), QUEUE_DEPTH_TIMEOUT_MS).catch(() => ({}) as Record<string, QueueStats>),
    ),
  );
  lastStats = { at: now, stats };
  return stats;
}

function setFromStats(
  gauge: Gauge<"queue">,
  sources: readonly Record<string, QueueStats>[],
  pick: (stats: QueueStats) => number,
): void {
  for (const byQueue of sources)
    for (const [queue, stats] of Object.entries(byQueue)) gauge.set({ queue }, pick(stats));
}

/** The review-queue gauge's reader (the runtime sets it; `undefined` when the runtime stops). */
export function setReviewQueueSource(source: (() => Promise<number>) | undefined): void {
  (globalThis as MetricsGlobal).__maitreReviewQueueSource = source;
}

/** Registers a lazy queue-depth reader (the job queue); returns the function that unregisters it. */
export function registerQueueDepthSource(source: QueueDepthSource): () => void {
  const { queueDepthSources } = getMetrics();
  queueDepthSources.add(source);
  return () => queueDepthSources.delete(source);
}

export function recordAssignmentAttempt({ outcome, trigger }: { outcome: string; trigger: string }): void {
  getMetrics().assignmentAttempts.inc({ outcome, trigger });
}

export function observePlannerDuration({ seconds, strategy = "default" }: { seconds: number; strategy?: string }) {
  getMetrics().plannerDuration.observe({ strategy }, seconds);
}

export function observeCommitDuration({ seconds, outcome }: { seconds: number; outcome: string }): void {
  getMetrics().commitDuration.observe({ outcome }, seconds);
}

export function recordLockAcquisition({
  adapter,
  result,
  seconds,
}: {
  adapter: string;
  result: LockResult;
  seconds: number;
}): void {
  const metrics = getMetrics();
  metrics.lockContention.inc({ adapter, result });
  metrics.lockAcquireDuration.observe({ adapter }, seconds);
}

export function setCircuitState({ dependency, value }: { dependency: string; value: CircuitStateValue }): void {
  getMetrics().circuitState.set({ dependency }, value);
}

export function recordRateLimitDecision({ limiter, result }: { limiter: string; result: RateLimitDecision }): void {
  getMetrics().rateLimitDecisions.inc({ limiter, result });
}

export function recordRequestShed({ route }: { route: string }): void {
  getMetrics().requestsShed.inc({ route });
}

export function observeHttpRequest({
  route,
  method,
  status,
  seconds,
}: {
  route: string;
  method: string;
  status: number;
  seconds: number;
}): void {
  const metrics = getMetrics();
  metrics.httpRequests.inc({ route, method, status: String(status) });
  metrics.httpDuration.observe({ route, method }, seconds);
}

export function setRequestsInFlight(count: number): void {
  getMetrics().requestsInFlight.set(count);
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
