import { ensureDemoData } from "@/server/demo/ensure-demo-data";
import { getEnv } from "@/server/env";
import { closeDb } from "@/server/infra/db/get-db";
import { surviveDatabaseRejections } from "@/server/infra/resilience/survive-database-rejections";
import { getLogger } from "@/server/infra/telemetry/logger";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime, stopRuntime } from "@/server/runtime/get-runtime";
import { startWorkers } from "@/server/runtime/start-workers";

/**
 * Boot for `next dev` / `next start`: validate the environment (fail fast, naming the variable), open the
 * database (the embedded one migrates itself), start the job queue, seed the demo venues into an empty database
 * and, in the embedded shape, run the job consumers in this process.
 */
export async function startServer(): Promise<void> {
  closeOnShutdown();
  const env = getEnv();
  const log = getLogger().child({ component: "start" });
  surviveDatabaseRejections({ log: getLogger(), exitOnOthers: false });
  const runtime = await getRuntime();
  log.info({ database: runtime.db.kind, locks: runtime.locks.adapter, mail: runtime.mail.name }, "runtime ready");
  if (env.DEMO_SEED) {
    const started = performance.now();
    const report = await ensureDemoData({ deps: coordinatorDepsOf(runtime) });
    log.info(
      { ...report, ms: Math.round(performance.now() - started) },
      report.seeded ? "demo data seeded" : "demo data already present",
    );
  }
  if (env.RUN_WORKER_IN_WEB) await startWorkers(runtime);
}

/** PGlite writes its files from this process: close it cleanly on Ctrl-C / SIGTERM so nothing is half-written. */
function closeOnShutdown(): void {
  const g = globalThis as typeof globalThis & { __maitreShutdownHook?: boolean };
  if (g.__maitreShutdownHook) return;
  g.__maitreShutdownHook = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(0);
      setTimeout(exit, 5000).unref();
      stopRuntime()
        .then(() => closeDb())
        .then(exit, exit);
    });
  }
}
