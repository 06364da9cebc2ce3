import type { Logger } from "@/server/infra/telemetry/logger";
import type { TJobContext } from "./job-definition";
import type { QueueName } from "./queue-specs";

/** What a handler gets: job-definition.ts's TJobContext (db, log, signal) plus where this run stands. */
export type JobContext = TJobContext & {
  jobId: string;
  queue: QueueName;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  retryLimit: number;
  /** No retry follows if this run fails: the place to give up gracefully (e.g. send to manual review). */
  isFinalAttempt: boolean;
  /** Aborts at the queue's expireInSeconds, when pg-boss gives up on this run. */
  signal: AbortSignal;
  log: Logger;
};

/**
 * A thrown error fails the run. Transient errors (classifyError) are retried with the queue's backoff;
 * deterministic errors fail the job at once, without spending retries on an outcome that cannot change.
 * Return normally for handled outcomes (already assigned, sent to manual review).
 */
export type JobHandler<P = Record<string, unknown>> = (payload: P, ctx: JobContext) => Promise<unknown>;

export type WorkOptions = {
  batchSize?: number;
  pollingIntervalSeconds?: number;
  /** Parallel fetch loops in this process (pg-boss 10 has one batch in flight per worker). */
  workers?: number;
};
