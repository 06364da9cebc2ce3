import { ensureDemoData } from "@/server/demo/ensure-demo-data";
import { getEnv } from "@/server/env";
import { closeDb, getDb } from "@/server/infra/db/get-db";
import { getLogger } from "@/server/infra/telemetry/logger";

/**
 * Boot for `next dev` / `next start`: validate the environment (fail fast, naming the variable), open the
 * database (the embedded one migrates itself) and seed the demo venues into an empty database.
 */
export async function startServer(): Promise<void> {
  closeDbOnShutdown();
  const env = getEnv();
  const log = getLogger().child({ component: "start" });
  const db = await getDb();
  log.info({ database: db.kind, dataDir: db.kind === "pglite" ? env.DATA_DIR : undefined }, "database ready");
  if (env.DEMO_SEED) {
    const report = await ensureDemoData({ db, log });
    log.info(report, report.seeded ? "demo data seeded" : "demo data already present");
  }
}

/** PGlite writes its files from this process: close it cleanly on Ctrl-C / SIGTERM so nothing is half-written. */
function closeDbOnShutdown(): void {
  const g = globalThis as typeof globalThis & { __maitreShutdownHook?: boolean };
  if (g.__maitreShutdownHook) return;
  g.__maitreShutdownHook = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(0);
      setTimeout(exit, 3000).unref();
      closeDb().then(exit, exit);
    });
  }
}
