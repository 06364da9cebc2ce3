export { createQueue, type JobQueue, type SendOptions } from "./create-queue";
export type { JobContext, JobHandler, WorkOptions } from "./job-types";
export { isQueueName, QUEUE_NAMES, QUEUE_SPECS, type QueueName, type QueueSpec } from "./queue-specs";
export { toJobExecutor } from "./to-job-executor";
