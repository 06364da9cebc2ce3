import type PgBoss from "pg-boss";
import type { Db } from "@/server/infra/db/open-db";
import { classifyError } from "@/server/infra/resilience/classify-error";
import { TransientError } from "@/server/infra/resilience/transient-error";
import type { Logger } from "@/server/infra/telemetry/logger";
import type { JobHandler } from "./job-types";
import type { QueueName } from "./queue-specs";

// pg-boss 10 schema: setting retry_limit to the runs already made makes `fail` final.
const SPEND_RETRIES = `update pgboss.job set retry_limit = retry_count where name = $1 and id = $2 and state = 'active'`;

/**
 * Runs one fetched batch, settling each job on its own: one failing booking must not fail (and retry) the
 * others fetched with it. pg-boss then completes whatever is still active, which is nothing.
 */
export async function runJobBatch<P>({
  boss,
  db,
  queue,
  jobs,
  handler,
  log,
}: {
  boss: PgBoss;
  db: Db;
  queue: QueueName;
  jobs: PgBoss.JobWithMetadata<P>[];
  handler: JobHandler<P>;
  log: Logger;
}): Promise<void> {
  await Promise.all(
    jobs.map(async (job) => {
      const attempt = job.retryCount + 1;
      const isFinalAttempt = job.retryCount >= job.retryLimit;
      const jobLog = log.child({ job: queue, jobId: job.id, attempt });
      const expireMs = Math.max(1, Number(job.expireInSeconds)) * 1000;
      const signal = AbortSignal.timeout(expireMs);
      try {
        const output = await handler(job.data, {
          db,
          jobId: job.id,
          queue,
          attempt,
          retryLimit: job.retryLimit,
          isFinalAttempt,
          signal,
          log: jobLog,
        });
        await settle(jobLog, "complete", () =>
          boss.complete(queue, job.id, isPlainObject(output) ? output : undefined),
        );
      } catch (error) {
        const classification = classifyError(error);
        const final = isFinalAttempt || classification === "deterministic";
        if (!final && error instanceof TransientError && error.deferral) {
          jobLog.info({ reason: error.message }, "job deferred: it runs again after its retry delay");
        } else {
          jobLog[final ? "error" : "warn"]({ err: error, classification, final }, "job failed");
        }
        await settle(jobLog, "fail", async () => {
          if (classification === "deterministic" && !isFinalAttempt) await db.query(SPEND_RETRIES, [queue, job.id]);
          await boss.fail(queue, job.id, describeError(error, classification));
        });
      }
    }),
  );
}

/**
 * Completing or failing a job is itself a database call, and may fail (the database restarting). It must not
 * reject the batch: the job stays active and is resumed after its expiry (resume-stalled-jobs.ts), and the work it
 * did is fenced by the booking's version, so running it again is safe.
 */
async function settle(log: Logger, what: "complete" | "fail", run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log.warn({ err: error }, `could not ${what} the job; it will be resumed after its expiry`);
  }
}

function describeError(error: unknown, classification: string): object {
  if (!(error instanceof Error)) return { message: String(error), classification };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    code: typeof code === "string" ? code : undefined,
    classification,
  };
}

function isPlainObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
