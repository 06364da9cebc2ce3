/**
 * Every queue Maitre uses and how it behaves. pg-boss 10 needs each queue created before send/work; these
 * settings are applied (created, then updated) on every start, so changing a value here takes effect on deploy.
 *
 * Policies: `short` keeps at most ONE queued (created) job per singletonKey — a booking is never queued for
 * assignment twice — without blocking fetches the way `singleton`/`stately` do while a job of that key is active
 * (a second job for a booking that is being assigned runs later and exits `already_assigned`).
 * Retries: pg-boss backoff is retryDelay × 2^n with jitter (randomised between half and full), per queue.
 */
export type QueueName =
  | "booking.assign"
  | "booking.notify"
  | "holds.sweep"
  | "optimizer.run"
  | "retention.prune"
  | "assign_all.run"
  | "bookings.reconcile";

export type QueueSpec = {
  name: QueueName;
  policy: "standard" | "short";
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** An active job older than this is failed (and retried): the handler's deadline. */
  expireInSeconds: number;
  /** How often an idle worker polls; `wake()` after a send skips the wait within this process. */
  pollingIntervalSeconds: number;
  batchSize: number;
  /** Default pg-boss schedule (UTC); pg-boss keeps one schedule per queue name. */
  cron?: string;
  /** Stalled jobs (active past their expiry: the worker died) go back to the queue within a second, ahead of
   * newer jobs (resume-stalled-jobs.ts), instead of waiting for pg-boss's maintenance. */
  resumeStalled?: boolean;
  /** Dedupe key taken from the payload when the sender gives none. */
  singletonKeyOf?: (payload: Record<string, unknown>) => string | undefined;
};

/** A safety-net sweep run every minute: one at a time, no retries (the next minute's run is the retry). */
const EVERY_MINUTE = {
  policy: "short",
  retryLimit: 0,
  retryDelaySeconds: 0,
  retryBackoff: false,
  expireInSeconds: 50,
  pollingIntervalSeconds: 5,
  batchSize: 1,
  cron: "* * * * *",
} as const satisfies Omit<QueueSpec, "name">;

export const QUEUE_SPECS: Record<QueueName, QueueSpec> = {
  "booking.assign": {
    name: "booking.assign",
    policy: "short",
    retryLimit: 5,
    retryDelaySeconds: 2,
    retryBackoff: true,
    // A run takes tens of milliseconds (its lock's TTL is the same 5 s): a job active longer than this belongs
    // to a worker that died or hung, and is resumed elsewhere within a second or two.
    expireInSeconds: 5,
    resumeStalled: true,
    pollingIntervalSeconds: 1,
    // Measured (docs/benchmarks.md, job path): 8 per fetch beat 4 (fewer fetches, no batch waiting on its 4th
    // job); more did not help.
    batchSize: 8,
    singletonKeyOf: (payload) => (typeof payload.bookingId === "string" ? `booking:${payload.bookingId}` : undefined),
  },
  "booking.notify": {
    name: "booking.notify",
    policy: "standard",
    retryLimit: 8,
    retryDelaySeconds: 30,
    retryBackoff: true,
    // Rendering and handing an email to SMTP takes well under this; a dead worker's emails resume after it.
    expireInSeconds: 15,
    resumeStalled: true,
    pollingIntervalSeconds: 5,
    batchSize: 5,
  },
  "holds.sweep": { name: "holds.sweep", ...EVERY_MINUTE },
  "optimizer.run": {
    name: "optimizer.run",
    policy: "standard",
    retryLimit: 2,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 600,
    pollingIntervalSeconds: 10,
    batchSize: 1,
  },
  "retention.prune": {
    name: "retention.prune",
    policy: "short",
    retryLimit: 3,
    retryDelaySeconds: 300,
    retryBackoff: true,
    expireInSeconds: 900,
    pollingIntervalSeconds: 30,
    batchSize: 1,
    cron: "17 3 * * *",
  },
  "assign_all.run": {
    name: "assign_all.run",
    policy: "standard",
    // A retried run repeats no work (placed bookings exit at once), so a worker that died is simply retried.
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryBackoff: true,
    // One booking takes tens of milliseconds; a busy day of a few hundred stays far below this.
    expireInSeconds: 300,
    pollingIntervalSeconds: 2,
    batchSize: 1,
    singletonKeyOf: (payload) => (typeof payload.runId === "string" ? `run:${payload.runId}` : undefined),
  },
  "bookings.reconcile": { name: "bookings.reconcile", ...EVERY_MINUTE },
};

export const QUEUE_NAMES = Object.keys(QUEUE_SPECS) as QueueName[];

export function isQueueName(name: string): name is QueueName {
  return Object.hasOwn(QUEUE_SPECS, name);
}
