import { createCoordinatorJobs } from "@/server/coordinator/coordinator-jobs";
import { assignAllJob } from "@/server/coordinator/run-assign-all";
import { isQueueName } from "@/server/infra/queue";
import type { TJobDefinition } from "@/server/infra/queue/job-definition";
import { createOptimizerRunJob } from "@/server/optimizer/optimizer-job";
import { coordinatorDepsOf } from "./coordinator-deps-of";
import type { TRuntime } from "./get-runtime";

/** Registers every job consumer in this process (the embedded app, or `npm run worker`). */
export async function startWorkers(runtime: TRuntime): Promise<void> {
  const setting = runtime.env.OPTIMIZER_CRON;
  const cron = setting === "off" ? undefined : setting;
  const optimizerRunJob = createOptimizerRunJob({ enqueue: runtime.queue.enqueue });
  const jobs: TJobDefinition<never>[] = [
    ...createCoordinatorJobs({
      deps: coordinatorDepsOf(runtime),
      mail: runtime.mail,
      mailFrom: runtime.env.MAIL_FROM,
    }),
    // OPTIMIZER_CRON: when the optimizer previews every restaurant's day on its own, one job per restaurant.
    (cron ? { ...optimizerRunJob, cron } : optimizerRunJob) as TJobDefinition<never>,
    assignAllJob(coordinatorDepsOf(runtime)) as TJobDefinition<never>,
  ];
  // A schedule outlives the process that set it (pg-boss keeps it in the database): only `off` removes it.
  if (setting === "off") await runtime.queue.unschedule("optimizer.run");
  for (const job of jobs) await runtime.queue.register(drainWhileBusy(runtime, job));
  runtime.log.info(
    {
      jobs: jobs.map((j) => j.name),
      locks: runtime.locks.adapter,
      optimizerSchedule: await optimizerScheduleInEffect(runtime, setting),
    },
    "workers started",
  );
}

/**
 * What the log says about scheduled optimizer previews: the cron in the database, and whether this process set it,
 * removed it or left it as another process (or an earlier deploy) set it.
 */
async function optimizerScheduleInEffect(runtime: TRuntime, setting: string | undefined): Promise<string> {
  const schedules = await runtime.queue.boss.getSchedules().catch(() => null);
  const inEffect = schedules?.find((s) => s.name === "optimizer.run")?.cron;
  if (setting === "off") return "off (removed by OPTIMIZER_CRON=off)";
  if (setting) return `${setting} UTC (set by OPTIMIZER_CRON)`;
  if (schedules === null) return "unknown (OPTIMIZER_CRON unset: left as it was)";
  return inEffect
    ? `${inEffect} UTC (OPTIMIZER_CRON unset here: kept as another process set it)`
    : "none (OPTIMIZER_CRON unset here: previews only on request)";
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
