/**
 * A worker that dies at the worst moment, for worker-crash.integration.test.ts (run with tsx, never imported):
 * it starts the real queue on DATABASE_URL, fetches one `booking.assign` job the way a pg-boss worker does, runs
 * the real job handler (lock → START_ASSIGNMENT compare-and-set → …) and SIGKILLs itself the instant the claim
 * has committed — before planning or committing any table. What it leaves behind is exactly what a crashed
 * production worker leaves: an active job nobody will complete and a booking in assignment_in_progress.
 *
 *   tsx server/coordinator/testing/crash-after-claim.ts <postgres-url>
 */
import type { KyselyPlugin } from "kysely";
import pino from "pino";
import type { TBookingAssignPayload } from "@/server/booking/enqueue-booking-effects";
import { type Db, openDb } from "@/server/infra/db/open-db";
import { createLockManager } from "@/server/infra/locks";
import { createQueue } from "@/server/infra/queue";
import { runAssignJob } from "../coordinator-jobs";

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error("usage: crash-after-claim.ts <postgres-url>");
  const log = pino({ level: "silent" });
  const db = await openDb({ kind: "postgres", url, poolMax: 4, applicationName: "maitre-crashing-worker" });
  // No maintenance and no cron here: this process only has to take one job and die.
  const queue = createQueue({ db, log, schedule: false, supervise: false });
  await queue.start();
  const [job] = await queue.boss.fetch<TBookingAssignPayload>("booking.assign", { includeMetadata: true });
  if (!job) throw new Error("no booking.assign job to take");
  // Advisory locks, as a worker without Redis: the lock dies with this process's session.
  const locks = createLockManager({ env: { DATABASE_URL: url }, log });
  // The claim is one statement (transition_booking) outside any transaction: once its result says
  // assignment_in_progress, it is committed, and nothing after it happens.
  const crashAfterClaim: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      const first = args.result.rows[0] as { result?: { status?: string } } | undefined;
      if (first?.result?.status === "assignment_in_progress") {
        process.stdout.write(`${JSON.stringify({ claimed: job.data.bookingId, jobId: job.id })}\n`);
        process.kill(process.pid, "SIGKILL");
        await new Promise(() => {});
      }
      return args.result;
    },
  };
  const crashing: Db = { ...db, kysely: db.kysely.withPlugin(crashAfterClaim) };
  await runAssignJob({ db: crashing, locks, enqueue: queue.enqueue, log }, job.data, {
    db: crashing,
    log,
    isFinalAttempt: job.retryCount >= job.retryLimit,
  });
  throw new Error("the job finished: the crash point was never reached");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
