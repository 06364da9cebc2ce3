import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { migrate } from "@/server/infra/db/migrate";
import { type Db, openDb } from "@/server/infra/db/open-db";

export type BackendKind = "pglite" | "postgres";
export type TestDb = Db & { url: string | null };

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the test PostgreSQL
 * server (dropped afterwards), so files never see each other's rows and can run in parallel.
 */
export async function openTestDb(kind: BackendKind): Promise<TestDb> {
  if (kind === "pglite") {
    const db = await openDb({ kind: "pglite", memory: true });
    await migrate(db);
    return { ...db, url: null };
  }
  const adminUrl = inject("postgresAdminUrl");
  if (!adminUrl) throw new Error("PostgreSQL is not available for tests");
  const name = `maitre_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = withDatabase(adminUrl, name);
  const db = await openDb({ kind: "postgres", url, poolMax: 24, applicationName: "maitre-test" });
  await migrate(db);
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Runs the same suite on PGlite and on PostgreSQL. Without a reachable PostgreSQL the second half is skipped
 * and its name says why (CI sets CI_REQUIRE_ALL=1, where a missing server fails global setup instead).
 */
export function describeEachBackend(name: string, suite: (ctx: { db: () => TestDb; kind: BackendKind }) => void): void {
  describeOnBackends(name, ["pglite", "postgres"], suite);
}

/**
 * For suites whose subject does not depend on the backend (who may call which route, how bad input is refused) and
 * that are long: once, on PostgreSQL (the production backend) when it is reachable, else on PGlite — so the README's
 * `npm test` still runs them on a machine with only Node.
 */
export function describeOnOneBackend(
  name: string,
  suite: (ctx: { db: () => TestDb; kind: BackendKind }) => void,
): void {
  describeOnBackends(name, [inject("postgresSkipReason") ? "pglite" : "postgres"], suite);
}

function describeOnBackends(
  name: string,
  kinds: readonly BackendKind[],
  suite: (ctx: { db: () => TestDb; kind: BackendKind }) => void,
): void {
  for (const kind of kinds) {
    const skipReason = kind === "postgres" ? inject("postgresSkipReason") : null;
    const title = skipReason ? `${name} [${kind}] (skipped: ${skipReason})` : `${name} [${kind}]`;
    (skipReason ? describe.skip : describe)(title, () => {
      let current: TestDb | undefined;
      beforeAll(async () => {
        current = await openTestDb(kind);
      });
      afterAll(async () => {
        await current?.close();
      });
      suite({
        kind,
        db: () => {
          if (!current) throw new Error("test database not open yet (use it inside a test or hook)");
          return current;
        },
      });
    });
  }
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
