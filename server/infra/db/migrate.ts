import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Db, Queryable, Tx } from "./open-db";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "supabase/migrations");
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;
// Serialises runners that start together (a web instance and a worker) on PostgreSQL.
const MIGRATION_LOCK_KEY = 7_240_113_001;

export type Migration = { name: string; sql: string; checksum: string; outsideTransaction: boolean };

/**
 * A migration whose first line is this comment runs outside a transaction: for the statements PostgreSQL refuses
 * inside one, chiefly `create index concurrently` (an index on a big table without blocking its writes). It must
 * hold exactly one statement: PostgreSQL runs a multi-statement string as one transaction.
 */
const OUTSIDE_TRANSACTION = /^--\s*maitre:no-transaction\b/;
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
    const outsideTransaction = OUTSIDE_TRANSACTION.test(text);
    if (outsideTransaction && statementCount(text) !== 1) {
      throw new MigrationError(
        `Migration ${file} is marked maitre:no-transaction and must hold exactly one statement (PostgreSQL runs several as one transaction). Split it into one file per statement.`,
      );
    }
    return {
      name: file.replace(/\.sql$/, ""),
      sql: text,
      checksum: createHash("sha256").update(text).digest("hex"),
      outsideTransaction,
    };
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
    if (migration.outsideTransaction) {
      if (await applyOutsideTransaction(db, migration)) applied.push(migration.name);
      continue;
    }
    const didApply = await db.transaction(async (tx) => {
      await lockMigrations(db, tx);
      return applyAndRecord(tx, migration);
    });
    if (didApply) applied.push(migration.name);
  }
  return { applied, skipped: migrations.length - applied.length, total: migrations.length };
}

/**
 * Runs a migration not yet in the ledger and records it (false when it was applied before); an applied migration
 * whose file changed is an error. On the caller's transaction or connection, under the runners' lock.
 */
async function applyAndRecord(q: Queryable, migration: Migration): Promise<boolean> {
  const existing = await q
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
  await sql.raw(migration.sql).execute(q);
  await q.insertInto("schema_migrations").values({ name: migration.name, checksum: migration.checksum }).execute();
  return true;
}

/**
 * A `maitre:no-transaction` migration: on one connection, under the runners' lock taken for the session (the same
 * key as the transactions' lock, so the two kinds exclude each other), without the statement timeout; its ledger
 * row is written once the statement succeeded. If the statement fails halfway (a concurrent index build leaves an
 * INVALID index behind), nothing is recorded: drop what it left and run the migrations again.
 */
async function applyOutsideTransaction(db: Db, migration: Migration): Promise<boolean> {
  return db.kysely.connection().execute(async (conn) => {
    if (db.kind === "postgres") {
      await sql`set statement_timeout = 0`.execute(conn);
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
    try {
      return await applyAndRecord(conn, migration);
    } finally {
      if (db.kind === "postgres") {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
        await sql`reset statement_timeout`.execute(conn);
      }
    }
  });
}

/** Statements in a migration's text, roughly: semicolons outside comments, plus a last one left unterminated. */
function statementCount(text: string): number {
  const code = text
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join("\n")
    .trim();
  if (code === "") return 0;
  const parts = code.split(";").filter((part) => part.trim() !== "");
  return parts.length;
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
