import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process-wide Prometheus registry and Maitre's metrics, kept on globalThis: Next.js dev reloads modules
 * and instrumentation/route handlers have separate module graphs, and registering a metric name twice
 * throws. `GET /api/metrics` serves `getMetricsRegistry().metrics()`.
 */
export type CircuitStateValue = 0 | 1 | 2;
export type QueueDepthSource = () => Promise<Record<string, number>>;
export type LockResult = "acquired" | "contended" | "busy" | "error";
export type RateLimitDecision = "allowed" | "rejected" | "fail_open";

type MaitreMetrics = {
  registry: Registry;
  assignmentAttempts: Counter<"outcome" | "trigger">;
  plannerDuration: Histogram<"strategy">;
  commitDuration: Histogram<"outcome">;
  lockContention: Counter<"adapter" | "result">;
  lockAcquireDuration: Histogram<"adapter">;
  queueDepth: Gauge<"queue">;
  circuitState: Gauge<"dependency">;
  rateLimitDecisions: Counter<"limiter" | "result">;
  requestsShed: Counter<"route">;
  requestsInFlight: Gauge;
  queueDepthSources: Set<QueueDepthSource>;
};

type MetricsGlobal = typeof globalThis & { __maitreMetrics?: MaitreMetrics };

// The planner is meant to answer in single-digit milliseconds; commits are one SQL function call.
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const QUEUE_DEPTH_TIMEOUT_MS = 2000;

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
      help: "Jobs waiting (created or retry) per queue, read when scraped",
      labelNames: ["queue"],
      registers,
      async collect() {
        for (const source of queueDepthSources) {
          const depths = await withDeadline(source(), QUEUE_DEPTH_TIMEOUT_MS).catch(() => undefined);
          // A slow or failing database leaves the last value rather than failing the whole scrape.
          if (!depths) continue;
          for (const [queue, depth] of Object.entries(depths)) this.set({ queue }, depth);
        }
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
      help: "Rate-limit decisions by limiter and result (fail_open = limiter backend unavailable, request allowed)",
      labelNames: ["limiter", "result"],
      registers,
    }),
    requestsShed: new Counter({
      name: "maitre_requests_shed_total",
      help: "Requests refused at once (503 OVERLOADED): a queue stood, or the process was full",
      labelNames: ["route"],
      registers,
    }),
    requestsInFlight: new Gauge({
      name: "maitre_requests_in_flight",
      help: "API requests being worked on by this process (a queue of 32 standing 2 s sheds load)",
      registers,
    }),
  };
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
