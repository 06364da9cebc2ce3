import path from "node:path";
import { getEnv } from "@/server/env";
import { migrate } from "./migrate";
import { type Db, openDb } from "./open-db";

type DbGlobal = typeof globalThis & { __maitreDb?: Promise<Db> };

/**
 * The process-wide database. One instance per process, kept on globalThis so dev hot reloads and the separate
 * module graphs of instrumentation and route handlers share it (two PGlite instances on one directory corrupt
 * it). The embedded database migrates itself on first open; PostgreSQL migrates with `npm run db:migrate`
 * unless it is the same process doing both.
 */
export function getDb(): Promise<Db> {
  const g = globalThis as DbGlobal;
  g.__maitreDb ??= openConfiguredDb().catch((error: unknown) => {
    g.__maitreDb = undefined;
    throw error;
  });
  return g.__maitreDb;
}

async function openConfiguredDb(): Promise<Db> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    return openDb({
      kind: "postgres",
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    });
  }
  const db = await openDb({ kind: "pglite", dataDir: path.join(env.DATA_DIR, "pglite") });
  await migrate(db);
  return db;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as DbGlobal;
  const pending = g.__maitreDb;
  g.__maitreDb = undefined;
  if (pending) await (await pending).close();
}
