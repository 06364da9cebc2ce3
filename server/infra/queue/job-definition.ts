import type { Logger } from "pino";
import type { Db, Tx } from "@/server/infra/db/open-db";

/**
 * A background job as features define it; the queue adapter (pg-boss) registers, schedules and retries it.
 * Features never import the queue: they export definitions and take an `enqueue` hook, so they stay testable
 * without a worker and the outbox guarantee (job written in the same transaction as the change) lives in one place.
 */
export type TJobRetry = { limit: number; delaySeconds?: number; backoff?: boolean };

export type TJobContext = { db: Db; log?: Logger; signal?: AbortSignal };

export type TJobDefinition<P = Record<string, unknown>> = {
  name: string;
  /** Cron expression (UTC) when the job runs on a schedule. */
  cron?: string;
  retry?: TJobRetry;
  run(payload: P, ctx: TJobContext): Promise<unknown>;
};

/** A job to enqueue. `singletonKey` lets the queue drop duplicates of the same logical job. */
export type TJobRequest<P = Record<string, unknown>> = {
  name: string;
  payload: P;
  options?: { singletonKey?: string; startAfterSeconds?: number };
};

/** Enqueues inside the caller's transaction (outbox): the job exists if and only if the change committed. */
export type TEnqueue = (tx: Tx, job: TJobRequest) => Promise<void>;

export const noopEnqueue: TEnqueue = async () => {};

export function defineJob<P>(definition: TJobDefinition<P>): TJobDefinition<P> {
  return definition;
}
