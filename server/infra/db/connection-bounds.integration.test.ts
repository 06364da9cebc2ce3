import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { classifyError } from "@/server/infra/resilience/classify-error";
import { countAppliedMigrations, countMigrationFiles, migrate } from "./migrate";
import { type Db, openDb } from "./open-db";

/**
 * The pool's bounds (operations.md §9 gap 7) and the migration runner's lock (gap 14), against the real server:
 * a statement that runs too long is cancelled by PostgreSQL, a host that accepts the connection but never answers
 * fails the request instead of holding it until the OS gives up, migrations are exempt from the statement limit,
 * and two runners on a brand-new database do not race on the ledger. PostgreSQL only.
 */
const adminUrl = inject("postgresAdminUrl");
const skipReason = inject("postgresSkipReason");

(adminUrl ? describe : describe.skip)(
  `connection bounds and the migration lock [postgres]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    const created: string[] = [];
    const opened: Db[] = [];
    let silent: net.Server;
    let silentPort = 0;
    const sockets = new Set<net.Socket>();

    beforeAll(async () => {
      // Accepts TCP connections and never says a word: what a database behind a black-holing firewall looks like.
      silent = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      silentPort = (silent.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      for (const db of opened) await db.close().catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await withAdmin(async (client) => {
        for (const name of created) await client.query(`drop database if exists ${name} with (force)`);
      });
    });

    async function freshDatabase(): Promise<string> {
      const name = `maitre_bounds_${process.pid}_${created.length}_${Date.now() % 100_000}`;
      await withAdmin((client) => client.query(`create database ${name}`));
      created.push(name);
      const url = new URL(adminUrl ?? "");
      url.pathname = `/${name}`;
      return url.toString();
    }

    function open(url: string, bounds: { connectTimeoutMs?: number; statementTimeoutMs?: number } = {}): Promise<Db> {
      return openDb({ kind: "postgres", url, poolMax: 4, applicationName: "maitre-bounds-test", ...bounds }).then(
        (db) => {
          opened.push(db);
          return db;
        },
      );
    }

    it("cancels a statement that outlives the statement timeout (57014, transient) and keeps the pool usable", async () => {
      const db = await open(await freshDatabase(), { statementTimeoutMs: 200 });
      const outcome = await sql`select pg_sleep(2)`.execute(db.kysely).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as { code?: string }).code).toBe("57014");
      expect(classifyError(outcome)).toBe("transient");
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db.kysely);
      expect(rows[0]?.ok).toBe(1);
    });

    it("fails a request whose database host accepts the connection but never answers", async () => {
      const db = await open(`postgres://postgres@127.0.0.1:${silentPort}/test`, { connectTimeoutMs: 300 });
      const outcome = await sql`select 1`.execute(db.kysely).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect(String((outcome as Error).message)).toMatch(/timeout/i);
    });

    it("migrates under a statement timeout: a migration that outlives it still applies", async () => {
      // A migration that runs longer than the pool's statement timeout (a big table rewrite, here a sleep).
      // The timeout is not 1 ms: on a busy CI machine even `begin` can outlive that, and PostgreSQL then cancels
      // the next statement (seen once in CI as "canceling statement due to user request").
      const dir = mkdtempSync(path.join(os.tmpdir(), "maitre-slow-migration-"));
      writeFileSync(path.join(dir, "20260101000000_slow_rewrite.sql"), "select pg_sleep(1.2);\n");
      const db = await open(await freshDatabase(), { statementTimeoutMs: 400 });
      const tooLong = await sql`select pg_sleep(1.2)`.execute(db.kysely).catch((error: unknown) => error);
      expect((tooLong as { code?: string }).code).toBe("57014");
      const report = await migrate(db, { dir });
      expect(report.applied).toEqual(["20260101000000_slow_rewrite"]);
      expect(await countAppliedMigrations(db)).toBe(1);
      rmSync(dir, { recursive: true, force: true });
    });

    it("lets four runners migrate a brand-new database at once: each migration applied exactly once", async () => {
      const url = await freshDatabase();
      const runners = await Promise.all(Array.from({ length: 4 }, () => open(url)));
      const reports = await Promise.all(runners.map((db) => migrate(db)));
      const applied = reports.flatMap((report) => report.applied);
      const total = countMigrationFiles();
      expect(applied.length).toBe(total);
      expect(new Set(applied).size).toBe(total);
      expect(await countAppliedMigrations(runners[0] as Db)).toBe(total);
    });
  },
);

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl ?? "" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
