import { createCoordinatorJobs } from "@/server/coordinator/coordinator-jobs";
import { coordinatorDepsOf } from "./coordinator-deps-of";
import type { TRuntime } from "./get-runtime";

/** Registers every job consumer in this process (the embedded app, or `npm run worker`). */
export async function startWorkers(runtime: TRuntime): Promise<void> {
  const jobs = createCoordinatorJobs({
    deps: coordinatorDepsOf(runtime),
    mail: runtime.mail,
    mailFrom: runtime.env.MAIL_FROM,
  });
  for (const job of jobs) await runtime.queue.register(job);
  runtime.log.info({ jobs: jobs.map((j) => j.name), locks: runtime.locks.adapter }, "workers started");
}
