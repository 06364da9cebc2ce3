/**
 * `npm run db:seed [-- --date YYYY-MM-DD]`: migrate, then seed the demo venues and a day of bookings into an
 * empty database (a database with restaurants is left alone). Refused with NODE_ENV=production.
 */
import { parseArgs } from "node:util";
import { ensureDemoData } from "@/server/demo/ensure-demo-data";
import { closeDb, getDb } from "@/server/infra/db/get-db";
import { migrate } from "@/server/infra/db/migrate";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime, stopRuntime } from "@/server/runtime/get-runtime";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { date: { type: "string" } } });
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    process.stderr.write(`--date must be YYYY-MM-DD, got "${values.date}"\n`);
    process.exitCode = 2;
    return;
  }
  const db = await getDb();
  await migrate(db);
  const runtime = await getRuntime();
  // Jobs the seed enqueues (guest emails) wait in the queue for the app's or a worker's consumers.
  const report = await ensureDemoData({ deps: coordinatorDepsOf(runtime), date: values.date });
  await stopRuntime();
  process.stdout.write(
    report.seeded
      ? `${db.kind}: seeded ${JSON.stringify(report, null, 2)}\n`
      : `${db.kind}: the database already has restaurants; nothing seeded\n`,
  );
  await closeDb();
}

main().catch(async (error: unknown) => {
  await stopRuntime().catch(() => undefined);
  process.stderr.write(`db:seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await closeDb().catch(() => undefined);
  process.exitCode = 1;
});
