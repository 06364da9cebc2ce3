import type { Db } from "@/server/infra/db/open-db";
import type { QueueName } from "./queue-specs";

/**
 * An active job past its expiry belongs to a worker that died (SIGKILL, OOM, a host gone) or hung: its own run was
 * aborted at the same expiry (runJobBatch). pg-boss 10 fails such jobs only during maintenance (every few minutes,
 * then with a retry backoff), so a dead worker's bookings waited ~2 minutes while later bookings took their tables.
 * Here they go straight back to `retry`, startable now and one priority step up: fetches order by priority, then
 * creation, so a resumed booking is planned before bookings created after it. Jobs without retries left are
 * left to pg-boss's own expiry (they fail for good). Idempotent: every worker may run it; a row moves once.
 * pg-boss 10 schema (pinned by package.json's ^10): job(name, id, state, started_on, expire_in, retry_*).
 */
const RESUME_STALLED = `
  update pgboss.job
     set state = 'retry', start_after = now(), priority = priority + 1,
         output = jsonb_build_object('resumed', 'expired while active: its worker stopped answering')
   where name = any($1::text[]) and state = 'active' and started_on + expire_in < now()
     and retry_count < retry_limit
  returning name, id`;

export async function resumeStalledJobs(
  db: Db,
  queues: readonly QueueName[],
): Promise<Array<{ name: QueueName; id: string }>> {
  if (queues.length === 0) return [];
  const { rows } = await db.query<{ name: QueueName; id: string }>(RESUME_STALLED, [queues]);
  return rows;
}
