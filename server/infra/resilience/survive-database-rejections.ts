import type { Logger } from "@/server/infra/telemetry/logger";
import { isConnectionError } from "./classify-error";

type GuardGlobal = typeof globalThis & { __maitreRejectionGuard?: boolean };

/**
 * pg-boss 10 settles each fetched batch with a complete() or fail() it does not await (manager.js, work()): when
 * the database is going down at that moment, the query rejects with nobody to catch it, and Node ends the process
 * (a worker died on 4 of 5 PostgreSQL restarts in the fault drill). Such a rejection loses nothing — the job stays
 * active and is resumed after its expiry (resume-stalled-jobs.ts) — so a rejection that is a database CONNECTION
 * failure is logged and the process lives on. Anything else is still fatal, as Node would have it: a bug must not
 * be swallowed: a worker (`exitOnOthers`) ends as Node would; the web leaves them to Next.js's own handler.
 * Installed once per process.
 */
export function surviveDatabaseRejections({ log, exitOnOthers }: { log: Logger; exitOnOthers: boolean }): void {
  const g = globalThis as GuardGlobal;
  if (g.__maitreRejectionGuard) return;
  g.__maitreRejectionGuard = true;
  process.on("unhandledRejection", (reason) => {
    if (isConnectionError(reason)) {
      log.warn(
        { err: reason },
        "a database call nobody awaited failed while the database was unreachable; carrying on",
      );
      return;
    }
    if (!exitOnOthers) return;
    log.fatal({ err: reason }, "unhandled promise rejection");
    // What Node does by default (--unhandled-rejections=throw): end the process, after the log line is out.
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  });
}
