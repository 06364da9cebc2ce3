import type { Db } from "@/server/infra/db/open-db";
import { defineJob } from "@/server/infra/queue/job-definition";
import { callSweepExpiredHolds } from "./assignment-repository";

export const HOLDS_SWEEP_JOB = "holds.sweep";

/**
 * Deletes expired holds (their allocations cascade) in bounded batches until none is left. Writes already ignore
 * and delete expired holds on the tables they touch; the sweeper keeps availability read models and the floor
 * plan from showing stale holds.
 */
export async function sweepExpiredHolds({
  db,
  batchSize = 500,
  maxBatches = 20,
}: {
  db: Db;
  batchSize?: number;
  maxBatches?: number;
}): Promise<{ deleted: number }> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await db.transaction((tx) => callSweepExpiredHolds(tx, { limit: batchSize }));
    deleted += count;
    if (count < batchSize) break;
  }
  return { deleted };
}

/** Every minute; no retries (the next run is the retry). */
export const holdsSweeperJob = defineJob<Record<string, never>>({
  name: HOLDS_SWEEP_JOB,
  cron: "* * * * *",
  retry: { limit: 0 },
  run: async (_payload, { db, log }) => {
    const result = await sweepExpiredHolds({ db });
    if (result.deleted > 0) log?.info(result, "expired holds swept");
    return result;
  },
});
