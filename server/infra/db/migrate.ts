import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Db, Tx } from "./open-db";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "supabase/migrations");
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;
// Serialises runners that start together (a web instance and a worker) on PostgreSQL.
const MIGRATION_LOCK_KEY = 7_240_113_001;

export type Migration = { name: string; sql: string; checksum: string };
export type MigrationReport = { applied: string[]; skipped: number; total: number };

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort();
  const misnamed = files.filter((file) => !MIGRATION_FILE.test(file));
  if (misnamed.length > 0) {
    throw new MigrationError(`Migration files must be named YYYYMMDDHHMMSS_snake_name.sql: ${misnamed.join(", ")}`);
  }
  return files.map((file) => {
    const text = readFileSync(path.join(dir, file), "utf8");
    return { name: file.replace(/\.sql$/, ""), sql: text, checksum: createHash("sha256").update(text).digest("hex") };
  });
}

/** The migrations the code ships, by name, in order (the file list only, not read: /api/health asks on every probe). */
export function listMigrationNames(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => file.replace(/\.sql$/, ""));
}

/** How many migrations the code ships. */
export function countMigrationFiles(dir = MIGRATIONS_DIR): number {
  return listMigrationNames(dir).length;
}

/**
 * Applies supabase/migrations in order, each in its own transaction together with its ledger row, so a
 * migration is either fully applied and recorded or not at all. Applied ones are skipped; an applied
 * migration whose file changed afterwards is an error (write a new migration instead of editing one).
 */
export async function migrate(db: Db, { dir = MIGRATIONS_DIR }: { dir?: string } = {}): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  // Under the same lock as the migrations: two runners on a brand-new database would otherwise race to create
  // the ledger (one fails on the catalog's unique index).
  await db.transaction(async (tx) => {
    await lockMigrations(db, tx);
    await sql`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(tx);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await lockMigrations(db, tx);
      const existing = await tx
        .selectFrom("schema_migrations")
        .select("checksum")
        .where("name", "=", migration.name)
        .executeTakeFirst();
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied. Revert the edit and add a new migration.`,
          );
        }
        return false;
      }
      await sql.raw(migration.sql).execute(tx);
      await tx.insertInto("schema_migrations").values({ name: migration.name, checksum: migration.checksum }).execute();
      return true;
    });
    if (didApply) applied.push(migration.name);
  }
  return { applied, skipped: migrations.length - applied.length, total: migrations.length };
}

/**
 * One runner at a time (PostgreSQL; PGlite has one session). A migration may rewrite a large table, so the pool's
 * statement timeout does not apply to it.
 */
async function lockMigrations(db: Db, tx: Tx): Promise<void> {
  if (db.kind !== "postgres") return;
  await sql`set local statement_timeout = 0`.execute(tx);
  await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
}

/** The names in the database's ledger (what has been applied, whichever code applied it). */
export async function listAppliedMigrationNames(db: Db): Promise<Set<string>> {
  const rows = await db.kysely.selectFrom("schema_migrations").select("name").execute();
  return new Set(rows.map((row) => row.name));
}

export async function countAppliedMigrations(db: Db): Promise<number> {
  const row = await db.kysely
    .selectFrom("schema_migrations")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
