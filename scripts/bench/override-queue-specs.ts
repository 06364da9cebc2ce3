/**
 * A diagnostic preload for the pipeline benchmark's worker processes (BENCH_QUEUE_OVERRIDES with
 * `BENCH_CELLS=jobs`): tries other queue settings without editing server/infra/queue/queue-specs.ts — e.g.
 * BENCH_QUEUE_OVERRIDES='{"booking.assign":{"batchSize":16}}'. Loaded before the worker's own modules, it changes
 * the one QUEUE_SPECS object the worker then reads (same module URL, same instance). Measurements only: a value
 * worth keeping goes into queue-specs.ts.
 */
import { QUEUE_SPECS, type QueueName, type QueueSpec } from "../../server/infra/queue/queue-specs";

type TOverride = Partial<Pick<QueueSpec, "batchSize" | "pollingIntervalSeconds">>;

const raw = process.env.BENCH_QUEUE_OVERRIDES;
if (raw) {
  const overrides = JSON.parse(raw) as Partial<Record<QueueName, TOverride>>;
  for (const [name, override] of Object.entries(overrides) as Array<[QueueName, TOverride]>) {
    const spec = QUEUE_SPECS[name];
    if (!spec) throw new Error(`BENCH_QUEUE_OVERRIDES: unknown queue ${name}`);
    Object.assign(spec, override);
  }
}
