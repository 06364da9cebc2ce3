import pg from "pg";
import { countReviewQueue } from "@/server/coordinator/count-review-queue";
import { getEnv, type TEnv } from "@/server/env";
import { getDb } from "@/server/infra/db/get-db";
import type { Db } from "@/server/infra/db/open-db";
import { createLockManager, type LockManager } from "@/server/infra/locks";
import { createQueue, type JobQueue } from "@/server/infra/queue";
import { createRateLimiters, type RateLimiters } from "@/server/infra/ratelimit";
import { getLogger, type Logger } from "@/server/infra/telemetry/logger";
import { setReviewQueueSource } from "@/server/infra/telemetry/metrics";
import { createOpsEventHub, type TOpsEventHub } from "@/server/live/create-ops-event-hub";
import { createOutboxTransport, createSmtpTransport, type TMailTransport } from "@/server/notifications/mail-transport";

/** The process's adapters, built once from the environment (embedded or distributed shape, same code). */
export type TRuntime = {
  env: TEnv;
  db: Db;
  log: Logger;
  locks: LockManager;
  queue: JobQueue;
  rateLimiters: RateLimiters;
  mail: TMailTransport;
  /** Live booking/hold/allocation changes for GET /api/ops/stream (one reader per process; prunes ops_events). */
  opsEvents: TOpsEventHub;
};

type RuntimeGlobal = typeof globalThis & { __maitreRuntime?: Promise<TRuntime> };

export function getRuntime(): Promise<TRuntime> {
  const g = globalThis as RuntimeGlobal;
  g.__maitreRuntime ??= buildRuntime().catch((error: unknown) => {
    g.__maitreRuntime = undefined;
    throw error;
  });
  return g.__maitreRuntime;
}

async function buildRuntime(): Promise<TRuntime> {
  const env = getEnv();
  const log = getLogger();
  const db = await getDb();
  const queue = createQueue({
    db,
    log: log.child({ component: "queue" }),
    schedule: env.RUN_WORKER_IN_WEB || isWorker(),
    connectionString: env.DATABASE_URL,
  });
  // Every process that enqueues must start the queue (it creates the queues pg-boss would otherwise drop jobs for).
  await startQueueExclusively({ queue, env, log });
  setReviewQueueSource(() => countReviewQueue(db.kysely));
  if (!env.SMTP_URL && env.NODE_ENV === "production") {
    // Not an error (a staging stack may want no email), but never silent: guests would get nothing.
    log.warn(
      { component: "mail" },
      "SMTP_URL is not set: guest and staff emails are recorded in the outbox as sent and NOT delivered (set SMTP_URL to send them)",
    );
  }
  return {
    env,
    db,
    log,
    queue,
    locks: createLockManager({ env, log: log.child({ component: "locks" }) }),
    rateLimiters: createRateLimiters({ env, log: log.child({ component: "ratelimit" }) }),
    mail: env.SMTP_URL ? await createSmtpTransport({ url: env.SMTP_URL }) : createOutboxTransport(),
    opsEvents: createOpsEventHub({ db: db.kysely, log: log.child({ component: "ops-events" }) }),
  };
}

/**
 * Starts the queue while holding a cluster-wide advisory lock, so processes booting together (workers and web
 * instances of a deploy) start pg-boss one after another. Concurrent first starts race in pg-boss 10: both install
 * its schema (the loser's failed multi-statement script leaves a pooled connection in an aborted transaction —
 * later queries on it fail with 25P02) and both create the queues' partitions (deadlock 40P01), and the process
 * whose start failed exits. Serialised, later starts find everything installed and created, which is quick.
 */
async function startQueueExclusively({ queue, env, log }: { queue: JobQueue; env: TEnv; log: Logger }): Promise<void> {
  if (!env.DATABASE_URL) return queue.start();
  const client = new pg.Client({ connectionString: env.DATABASE_URL, application_name: "maitre-queue-start" });
  // A session ended by the server mid-start must fail the start, not crash the process.
  client.on("error", (error) => log.warn({ err: error }, "queue start lock session ended"));
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtextextended('maitre:queue-start', 0))");
    await queue.start();
  } finally {
    // Ending the session releases the lock, also when start() failed.
    await client.end().catch((error: unknown) => log.warn({ err: error }, "queue start lock session did not close"));
  }
}

const isWorker = () => (globalThis as { __maitreIsWorker?: boolean }).__maitreIsWorker === true;

/** Marks this process as a job worker (scripts/worker.ts) before the runtime is built. */
export function markWorkerProcess(): void {
  (globalThis as { __maitreIsWorker?: boolean }).__maitreIsWorker = true;
}

export async function stopRuntime(): Promise<void> {
  const g = globalThis as RuntimeGlobal;
  const pending = g.__maitreRuntime;
  g.__maitreRuntime = undefined;
  if (!pending) return;
  const runtime = await pending;
  setReviewQueueSource(undefined);
  await runtime.queue.stop({ timeoutMs: 10_000 });
  await runtime.locks.close();
  await runtime.opsEvents.close();
}
