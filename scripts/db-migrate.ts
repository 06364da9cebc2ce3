/** `npm run db:migrate`: apply supabase/migrations to DATABASE_URL, or to the embedded database in DATA_DIR. */
import { closeDb, getDb } from "@/server/infra/db/get-db";
import { migrate } from "@/server/infra/db/migrate";

async function main(): Promise<void> {
  const db = await getDb();
  const report = await migrate(db);
  const applied = report.applied.length ? report.applied.map((name) => `  + ${name}`).join("\n") : "  (none)";
  process.stdout.write(`${db.kind}: ${report.applied.length} applied, ${report.skipped} already applied\n${applied}\n`);
  await closeDb();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await closeDb().catch(() => undefined);
  process.exitCode = 1;
});
