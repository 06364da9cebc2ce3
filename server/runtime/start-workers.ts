import { createCoordinatorJobs } from "@/server/coordinator/coordinator-jobs";
import { assignAllJob } from "@/server/coordinator/run-assign-all";
import { isQueueName } from "@/server/infra/queue";
import type { TJobDefinition } from "@/server/infra/queue/job-definition";
import { createOptimizerRunJob } from "@/server/optimizer/optimizer-job";
import { coordinatorDepsOf } from "./coordinator-deps-of";
import type { TRuntime } from "./get-runtime";

/** Registers every job consumer in this process (the embedded app, or `npm run worker`). */
export async function startWorkers(runtime: TRuntime): Promise<void> {
  const cron = runtime.env.OPTIMIZER_CRON;
  const optimizerRunJob = createOptimizerRunJob({ enqueue: runtime.queue.enqueue });
  const jobs: TJobDefinition<never>[] = [
    ...createCoordinatorJobs({
      deps: coordinatorDepsOf(runtime),
      mail: runtime.mail,
      mailFrom: runtime.env.MAIL_FROM,
    }),
    // OPTIMIZER_CRON: when the optimizer previews every restaurant's day on its own, one job per restaurant (none:
    // only on request).
    (cron ? { ...optimizerRunJob, cron } : optimizerRunJob) as TJobDefinition<never>,
    assignAllJob(coordinatorDepsOf(runtime)) as TJobDefinition<never>,
  ];
  // A schedule outlives the process that set it (pg-boss keeps it in the database): without OPTIMIZER_CRON, none.
  if (!cron) await runtime.queue.unschedule("optimizer.run");
  for (const job of jobs) await runtime.queue.register(drainWhileBusy(runtime, job));
  runtime.log.info({ jobs: jobs.map((j) => j.name), locks: runtime.locks.adapter }, "workers started");
}

/**
 * pg-boss 10 sleeps a full polling interval after every batch, even a full one, unless the worker is notified:
 * a worker then drains at most batchSize jobs per interval (booking.assign: 4 per second) however idle its CPU —
 * a backlog after a surge took a minute for a few hundred bookings. Waking the queue's workers when a job ends
 * makes them fetch again at once while there is work; an empty fetch runs no job, so an idle queue still polls
 * at its interval.
 */
function drainWhileBusy<P>(runtime: TRuntime, job: TJobDefinition<P>): TJobDefinition<P> {
  return {
    ...job,
    async run(payload, ctx) {
      try {
        return await job.run(payload, ctx);
      } finally {
        if (isQueueName(job.name)) runtime.queue.wake(job.name);
      }
    },
  };
}
