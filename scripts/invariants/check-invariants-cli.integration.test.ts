import { execFile } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { drainConnections, waitFor } from "@/server/testing/pipeline-test-kit";
import { openTestDb, type TestDb } from "@/server/testing/test-db";
import { plantDuplicateNotification, setupPlacedEvening, type TPlacedEvening } from "./invariant-test-scenario";
import type { TInvariantReport } from "./invariant-types";

/**
 * `npm run check:invariants` as a child process against a PostgreSQL test database: exit 0 on a clean evening,
 * 1 with the violation named, 2 when it cannot run — and the database's tuple counters prove it wrote nothing.
 */
const skipReason = inject("postgresSkipReason");
const CLI = path.join(process.cwd(), "scripts/invariants/check-invariants-cli.ts");
const TSX = path.join(process.cwd(), "node_modules/.bin/tsx");

type TCliRun = { code: number; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<TCliRun> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, DATABASE_URL: undefined, ...env };
    execFile(TSX, [CLI, ...args], { env: childEnv, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

(skipReason ? describe.skip : describe)(
  `check:invariants CLI [postgres]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let db: TestDb;
    let url: string;
    let clean: TPlacedEvening;
    let broken: TPlacedEvening;
    let brokenSlug: string;

    beforeAll(async () => {
      db = await openTestDb("postgres");
      url = db.url as string;
      clean = await setupPlacedEvening(db);
      broken = await setupPlacedEvening(db);
      await plantDuplicateNotification(db.kysely, broken);
      const { rows } = await sql<{ slug: string }>`select slug from restaurants
        where id = ${broken.venue.restaurantId}`.execute(db.kysely);
      brokenSlug = rows[0]?.slug as string;
      // A session's tuple counters reach pg_stat_user_tables when it ends: end ours before counting.
      await drainConnections(db);
    });

    afterAll(async () => {
      await db?.close();
    });

    /** Rows inserted, updated and deleted in this database so far, once no other session is left. */
    const writesSoFar = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await waitFor(
          async () => {
            const { rows } = await client.query<{ n: number }>(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
            );
            return rows[0]?.n === 0;
          },
          { timeoutMs: 10_000, what: "the other sessions to end" },
        );
        await client.query("select pg_stat_clear_snapshot()");
        const { rows } = await client.query<{ n: string }>(
          "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as n from pg_stat_user_tables",
        );
        return Number(rows[0]?.n);
      } finally {
        await client.end();
      }
    };

    it("exits 0 on a clean evening (URL from DATABASE_URL, restaurant by id) and writes nothing", async () => {
      const before = await writesSoFar();
      expect(before).toBeGreaterThan(0);
      const run = await runCli(["--restaurant", clean.venue.restaurantId], { DATABASE_URL: url });
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain("All invariants hold");
      expect(run.stdout).toContain("SKIP accepted_bookings_not_lost");
      expect(run.code).toBe(0);
      expect(await writesSoFar()).toBe(before);
    }, 120_000);

    it("exits 1 naming the violation (--database-url, restaurant by slug, --json) and writes nothing", async () => {
      const before = await writesSoFar();
      const run = await runCli(["--database-url", url, "--restaurant", brokenSlug, "--json"]);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as TInvariantReport;
      expect(report.ok).toBe(false);
      expect(report.results.filter((r) => r.status === "violated").map((r) => r.name)).toEqual([
        "one_notification_per_booking_and_kind",
      ]);
      expect(report.results.flatMap((r) => r.violations.map((v) => v.details.reference))).toEqual([
        broken.confirmed.reference,
      ]);
      expect(await writesSoFar()).toBe(before);
    }, 120_000);

    it("exits 2 when it cannot run: unknown restaurant, unreachable database", async () => {
      const unknown = await runCli(["--database-url", url, "--restaurant", "no-such-place"]);
      expect(unknown.stderr).toContain('No restaurant with the id or slug "no-such-place"');
      expect(unknown.code).toBe(2);
      const unreachable = await runCli(["--database-url", "postgres://postgres@127.0.0.1:1/none"]);
      expect(unreachable.stderr).toContain("could not run");
      expect(unreachable.code).toBe(2);
    }, 120_000);
  },
);
