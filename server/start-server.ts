import { ensureDemoData } from "@/server/demo/ensure-demo-data";
import { getEnv } from "@/server/env";
import { processAdmission } from "@/server/http/admission";
import { waitForIdle } from "@/server/http/wait-for-idle";
import { closeDb } from "@/server/infra/db/get-db";
import { surviveDatabaseRejections } from "@/server/infra/resilience/survive-database-rejections";
import { getLogger } from "@/server/infra/telemetry/logger";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { stopRuntime } from "@/server/runtime/get-runtime";
import { openRuntimeAtBoot } from "@/server/runtime/open-runtime-at-boot";
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
  const runtime = await openRuntimeAtBoot({ log }).catch((error: unknown) => {
    // Left running, Next.js would answer every request with a bare 500 for good (the instrumentation hook failed
    // once and is not tried again): exit so the supervisor restarts the instance. `next dev` shows the error.
    if (env.NODE_ENV === "development") throw error;
    log.fatal({ err: error }, "web failed to start: the database is unreachable (check DATABASE_URL); exiting");
    process.stderr.write(`web failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
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

/** The whole shutdown, whatever hangs: past this the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/** How long requests being answered get to finish before the pool closes under them. */
const DRAIN_TIMEOUT_MS = 8000;

/**
 * On Ctrl-C / SIGTERM: Next.js stops accepting connections and lets the requests it is serving finish; this keeps
 * the database pool open until the API requests in flight are answered (they would otherwise fail on a closed pool
 * mid-deploy), then stops the job queue and closes the database — PGlite writes its files from this process, so
 * nothing is half-written. Past SHUTDOWN_DEADLINE_MS the process exits anyway.
 */
function closeOnShutdown(): void {
  const g = globalThis as typeof globalThis & { __maitreShutdownHook?: boolean };
  if (g.__maitreShutdownHook) return;
  g.__maitreShutdownHook = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(0);
      setTimeout(exit, SHUTDOWN_DEADLINE_MS).unref();
      const log = getLogger().child({ component: "shutdown" });
      const admission = processAdmission(getEnv().MAX_IN_FLIGHT_REQUESTS);
      log.info({ signal, inFlight: admission.inFlight() }, "shutting down: finishing the requests in flight");
      // Nothing in flight: close at once (Next.js exits as soon as its server has closed); else let the answers out,
      // and wait a moment more in case a kept-alive connection brings one last request.
      const quietMs = admission.inFlight() === 0 ? 0 : 200;
      waitForIdle(() => admission.inFlight(), { timeoutMs: DRAIN_TIMEOUT_MS, quietMs })
        .then((outcome) => {
          if (outcome === "timeout")
            log.warn({ inFlight: admission.inFlight() }, "requests still in flight at the deadline");
          return stopRuntime();
        })
        .then(() => closeDb())
        .then(exit, exit);
    });
  }
}
