import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { classifyError, isConnectionError } from "@/server/infra/resilience/classify-error";
import { openTestDb, type TestDb } from "@/server/testing/test-db";

/**
 * A database session ended by the server (restart, failover, pg_terminate_backend) while a transaction holds it
 * between two statements. pg-pool listens for errors on idle clients only: without a listener of our own the
 * client's 'error' event is unhandled and the process dies (57P01). It must instead fail that transaction with a
 * connection error the retry and the job treat as transient, and the pool must go on working. PostgreSQL only.
 */
const adminUrl = inject("postgresAdminUrl");
const skipReason = inject("postgresSkipReason");

(adminUrl ? describe : describe.skip)(
  `a transaction whose session is terminated [postgres]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let db: TestDb;
    let admin: pg.Client;
    beforeAll(async () => {
      db = await openTestDb("postgres");
      admin = new pg.Client({ connectionString: adminUrl ?? "" });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.end();
      await db?.close();
    });

    it("fails the transaction with a transient connection error; the process and the pool carry on", async () => {
      const outcome = await db
        .transaction(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
          await admin.query("select pg_terminate_backend($1)", [rows[0]?.pid]);
          // Give the dead socket time to surface as an 'error' event on the checked-out, idle client.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await sql`select 1`.execute(tx);
          return "committed";
        })
        .catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect(isConnectionError(outcome)).toBe(true);
      expect(classifyError(outcome)).toBe("transient");
      // The pool dropped the dead client: the next statements run on fresh sessions.
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db.kysely);
        expect(rows[0]?.ok).toBe(1);
      }
    });

    it("survives the termination of idle pooled sessions too", async () => {
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.01)`.execute(db.kysely)));
      const dbName = new URL(db.url ?? "").pathname.slice(1);
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [dbName],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db.kysely);
      expect(rows[0]?.ok).toBe(1);
    });
  },
);
