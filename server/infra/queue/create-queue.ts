import PgBoss from "pg-boss";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { Logger } from "@/server/infra/telemetry/logger";
import { type QueueStats, registerQueueDepthSource } from "@/server/infra/telemetry/metrics";
import { createWakeChannel } from "./create-wake-channel";
import type { TEnqueue, TJobDefinition } from "./job-definition";
import type { JobContext, JobHandler, WorkOptions } from "./job-types";
import { isQueueName, QUEUE_NAMES, QUEUE_SPECS, type QueueName, type QueueSpec } from "./queue-specs";
import { resumeStalledJobs } from "./resume-stalled-jobs";
import { runJobBatch } from "./run-job-batch";
import { toJobExecutor } from "./to-job-executor";

export type SendOptions = Omit<PgBoss.SendOptions, "db">;

const RESUME_EVERY_MS = 1000;

export type JobQueue = {
  /** Installs/migrates pg-boss's schema, creates and configures the queues, sets the default schedules. */
  start(): Promise<void>;
  /** Stops polling and waits (up to timeoutMs) for running jobs; never closes the shared database. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Enqueues outside any transaction. NEVER call inside `db.transaction` (on PGlite it would wait for itself). */
  send(name: QueueName, payload: object, options?: SendOptions): Promise<string | null>;
  /** The outbox: the job is inserted by `tx` and exists only if it commits. Returns null when deduplicated. */
  sendInTransaction(tx: Queryable, name: QueueName, payload: object, options?: SendOptions): Promise<string | null>;
  work<P extends object>(name: QueueName, handler: JobHandler<P>, options?: WorkOptions): Promise<string[]>;
  /** The outbox as features see it (job-definition.ts's TEnqueue): sendInTransaction by request. */
  enqueue: TEnqueue;
  /** After start(): work() + the definition's retry settings + its cron. The name must be one of QUEUE_SPECS. */
  register<P extends object>(definition: TJobDefinition<P>, options?: WorkOptions): Promise<string[]>;
  schedule(name: QueueName, cron: string, payload?: object, options?: { tz?: string }): Promise<void>;
  unschedule(name: QueueName): Promise<void>;
  /** Lets this process's idle workers of a queue fetch now (after a committed sendInTransaction). */
  wake(name: QueueName): void;
  /** wake() in every process: workers elsewhere fetch now instead of at their next poll (LISTEN/NOTIFY). */
  announce(name: QueueName): void;
  /** Jobs waiting (created or retry) per queue. */
  queueDepth(): Promise<Record<QueueName, QueueStats>>;
  /** For tests and tooling (getJobById…); application code uses the methods above. */
  readonly boss: PgBoss;
};

/**
 * pg-boss 10 on the app's own database handle, on both backends: PGlite through pg-boss's `db` adapter
 * (parameterless multi-statement text goes through PGlite `exec`), PostgreSQL through the same pool. On PGlite
 * every query waits for the one session, so maintenance runs less often and the cron poller is slower; polling
 * fetches are single short statements queued FIFO behind requests, never holding the session between polls.
 */
export function createQueue({
  db,
  log,
  schedule = true,
  supervise = true,
  connectionString,
}: {
  db: Db;
  log: Logger;
  /** PostgreSQL: the URL for the wake-up channel's listening session (none on PGlite: one process). */
  connectionString?: string | null;
  /** Run pg-boss's cron (a web instance that only sends may turn it off). */
  schedule?: boolean;
  /** Run pg-boss's maintenance (expire, archive, purge). */
  supervise?: boolean;
}): JobQueue {
  const embedded = db.kind === "pglite";
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => db.query(text, values) },
    migrate: true,
    schedule,
    supervise,
    maintenanceIntervalSeconds: embedded ? 300 : 120,
    cronWorkerIntervalSeconds: embedded ? 10 : 5,
    pollingIntervalSeconds: 2,
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  const workerIds = new Map<QueueName, string[]>();
  let unregisterDepth: (() => void) | undefined;
  let started = false;
  const wakeChannel = connectionString
    ? createWakeChannel({ connectionString, notify: (text, values) => db.query(text, values), log })
    : undefined;
  let resumeTimer: NodeJS.Timeout | undefined;
  let resuming = false;

  // Every second: this process's share of watching for jobs whose worker died (all workers do it; a row moves once).
  const startResuming = () => {
    if (resumeTimer) return;
    resumeTimer = setInterval(async () => {
      const queues = [...workerIds.keys()].filter((name) => QUEUE_SPECS[name].resumeStalled);
      if (resuming || queues.length === 0) return;
      resuming = true;
      try {
        const resumed = await resumeStalledJobs(db, queues);
        if (resumed.length > 0) {
          log.warn({ jobs: resumed }, "resumed jobs whose worker stopped answering");
          for (const name of new Set(resumed.map((job) => job.name))) queue.announce(name);
        }
      } catch (error) {
        log.debug({ err: error }, "could not look for stalled jobs (database unavailable?)");
      } finally {
        resuming = false;
      }
    }, RESUME_EVERY_MS);
    resumeTimer.unref();
  };

  // pg-boss 10 silently inserts nothing for a queue it has not created: refuse instead of losing the job.
  const assertStarted = () => {
    if (!started) throw new Error("Job queue not started: call start() (it creates the queues) before sending");
  };

  const withDedupe = (spec: QueueSpec, payload: object, options: SendOptions = {}): SendOptions => {
    const singletonKey = options.singletonKey ?? spec.singletonKeyOf?.(payload as Record<string, unknown>);
    return singletonKey ? { ...options, singletonKey } : options;
  };

  const queue: JobQueue = {
    boss,
    async start() {
      await boss.start();
      for (const spec of Object.values(QUEUE_SPECS)) {
        const settings = {
          name: spec.name,
          policy: spec.policy,
          retryLimit: spec.retryLimit,
          retryDelay: spec.retryDelaySeconds,
          retryBackoff: spec.retryBackoff,
          expireInSeconds: spec.expireInSeconds,
        };
        // createQueue is a no-op for an existing queue; updateQueue applies changed settings.
        await boss.createQueue(spec.name, settings);
        await boss.updateQueue(spec.name, settings);
        if (schedule && spec.cron) await boss.schedule(spec.name, spec.cron, {}, { tz: "UTC" });
      }
      started = true;
      unregisterDepth = registerQueueDepthSource(() => queue.queueDepth());
      log.info({ database: db.kind, queues: QUEUE_NAMES.length }, "job queue started");
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      started = false;
      unregisterDepth?.();
      unregisterDepth = undefined;
      clearInterval(resumeTimer);
      resumeTimer = undefined;
      await wakeChannel?.close();
      await boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
      workerIds.clear();
    },
    async send(name, payload, options) {
      assertStarted();
      const id = await boss.send(name, payload, withDedupe(QUEUE_SPECS[name], payload, options));
      // Already committed: let workers pick it up without waiting for their next poll.
      if (id) queue.announce(name);
      return id;
    },
    async sendInTransaction(tx, name, payload, options) {
      assertStarted();
      return boss.send(name, payload, { ...withDedupe(QUEUE_SPECS[name], payload, options), db: toJobExecutor(tx) });
    },
    async work(name, handler, options = {}) {
      const spec = QUEUE_SPECS[name];
      const fetchOptions = {
        includeMetadata: true as const,
        batchSize: options.batchSize ?? spec.batchSize,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? spec.pollingIntervalSeconds,
      };
      const ids: string[] = [];
      for (let i = 0; i < Math.max(1, options.workers ?? 1); i++) {
        ids.push(
          await boss.work<Parameters<typeof handler>[0]>(name, fetchOptions, (jobs) =>
            runJobBatch({ boss, db, queue: name, jobs, handler, log }),
          ),
        );
      }
      workerIds.set(name, [...(workerIds.get(name) ?? []), ...ids]);
      wakeChannel?.listen((woken) => {
        for (const name of woken ? [woken] : workerIds.keys()) queue.wake(name);
      });
      startResuming();
      return ids;
    },
    enqueue: async (tx, { name, payload, options = {} }) => {
      const { singletonKey, startAfterSeconds } = options;
      await queue.sendInTransaction(tx, knownQueue(name), payload, {
        ...(singletonKey ? { singletonKey } : {}),
        ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
      });
    },
    async register<P extends object>(definition: TJobDefinition<P>, options?: WorkOptions) {
      // After start(): start() resets every queue to its spec, which would undo the definition's retry settings.
      assertStarted();
      const name = knownQueue(definition.name);
      if (definition.retry) {
        // Fields the definition leaves out keep the queue's spec (pg-boss rejects undefined values).
        const spec = QUEUE_SPECS[name];
        const { limit, delaySeconds = spec.retryDelaySeconds, backoff = spec.retryBackoff } = definition.retry;
        await boss.updateQueue(name, {
          name,
          policy: spec.policy,
          retryLimit: limit,
          retryDelay: delaySeconds,
          retryBackoff: backoff,
          expireInSeconds: spec.expireInSeconds,
        });
      }
      if (definition.cron && schedule) await queue.schedule(name, definition.cron);
      return queue.work<P>(name, (payload, ctx: JobContext) => definition.run(payload, ctx), options);
    },
    schedule: (name, cron, payload = {}, { tz = "UTC" } = {}) => boss.schedule(name, cron, payload, { tz }),
    unschedule: (name) => boss.unschedule(name),
    wake(name) {
      for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
    },
    announce(name) {
      queue.wake(name);
      // Best effort: a lost announcement costs one polling interval, never the job.
      wakeChannel?.announce(name).catch((error: unknown) => log.debug({ err: error }, "wake-up not announced"));
    },
    async queueDepth() {
      const { rows } = await db.query<{ name: string; ready: number; scheduled: number; oldest: number | null }>(
        `select name,
                count(*) filter (where start_after <= now())::int as ready,
                count(*) filter (where start_after > now())::int as scheduled,
                extract(epoch from now() - min(start_after) filter (where start_after <= now()))::float8 as oldest
           from pgboss.job where state < 'active' group by name`,
      );
      const depths = Object.fromEntries(
        QUEUE_NAMES.map((name) => [name, { ready: 0, scheduled: 0, oldestReadySeconds: 0 }]),
      ) as Record<QueueName, QueueStats>;
      for (const row of rows) {
        if (!(row.name in depths)) continue;
        depths[row.name as QueueName] = {
          ready: Number(row.ready),
          scheduled: Number(row.scheduled),
          oldestReadySeconds: Math.max(0, Number(row.oldest ?? 0)),
        };
      }
      return depths;
    },
  };
  return queue;
}

function knownQueue(name: string): QueueName {
  if (!isQueueName(name))
    throw new Error(`Unknown queue ${name}: add it to QUEUE_SPECS (server/infra/queue/queue-specs.ts)`);
  return name;
}
