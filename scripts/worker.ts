/**
 * `npm run worker`: job consumers only (assignment, guest emails, hold sweeper, retention). Run any number of
 * these beside the web instances in the distributed shape; pg-boss hands each job to one of them (SKIP LOCKED).
 */

import { getEnv } from "@/server/env";
import { closeDb } from "@/server/infra/db/get-db";
import { surviveDatabaseRejections } from "@/server/infra/resilience/survive-database-rejections";
import { getLogger, preferSynchronousLogs } from "@/server/infra/telemetry/logger";
import { serveMetrics } from "@/server/infra/telemetry/serve-metrics";
import { markWorkerProcess, stopRuntime } from "@/server/runtime/get-runtime";
import { openRuntimeAtBoot } from "@/server/runtime/open-runtime-at-boot";
import { startWorkers } from "@/server/runtime/start-workers";

async function main(): Promise<void> {
  markWorkerProcess();
  preferSynchronousLogs();
  surviveDatabaseRejections({ log: getLogger(), exitOnOthers: true });
  const runtime = await openRuntimeAtBoot({ log: getLogger() });
  if (runtime.db.kind === "pglite") {
    runtime.log.warn("The worker shares the embedded database only within one process; use DATABASE_URL for workers.");
  }
  await startWorkers(runtime);
  const port = getEnv().WORKER_METRICS_PORT;
  const metrics = port === undefined ? undefined : await serveMetrics({ port, log: runtime.log });
  const shutdown = async (signal: string) => {
    runtime.log.info({ signal }, "worker stopping: finishing running jobs");
    await metrics?.close();
    await stopRuntime();
    await closeDb();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
