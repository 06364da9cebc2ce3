import { expect, it } from "vitest";
import { isDomainError } from "@/server/errors/domain-error";
import { listMigrationNames } from "@/server/infra/db/migrate";
import { describeEachBackend } from "@/server/testing/test-db";
import { checkHealth } from "./check-health";

/**
 * GET /api/health's database check on PGlite and PostgreSQL (operations.md §9 gap 13): a migrated database is
 * healthy; one missing a migration the code ships is a 503 naming it — also when it holds another migration the
 * code does not know, so the counts match (the old count comparison passed that database).
 */
describeEachBackend("checkHealth: migrations by name", ({ db }) => {
  it("is ok when every shipped migration is applied, and reports Redis down as degraded", async () => {
    const shipped = listMigrationNames();
    const health = await checkHealth({ getDb: async () => db(), redis: { status: "not_configured" } });
    expect(health.status).toBe("ok");
    expect(health.database.migrations).toEqual({ applied: shipped.length, available: shipped.length });
    const degraded = await checkHealth({ getDb: async () => db(), redis: { status: "down" } });
    expect(degraded.status).toBe("degraded");
  });

  it("refuses a database that lacks one of the code's migrations even when the counts match", async () => {
    const missing = listMigrationNames().at(-1) as string;
    const foreign = "20991231000000_another_branch";
    const ledger = await db()
      .kysely.selectFrom("schema_migrations")
      .selectAll()
      .where("name", "=", missing)
      .executeTakeFirstOrThrow();
    await db().kysely.deleteFrom("schema_migrations").where("name", "=", missing).execute();
    await db().kysely.insertInto("schema_migrations").values({ name: foreign, checksum: "x" }).execute();
    try {
      const outcome = await checkHealth({ getDb: async () => db(), redis: { status: "up" } }).catch((e: unknown) => e);
      expect(isDomainError(outcome, "DEPENDENCY_UNAVAILABLE")).toBe(true);
      expect((outcome as Error).message).toBe("1 database migration(s) are not applied.");
      const shipped = listMigrationNames().length;
      expect((outcome as { meta?: unknown }).meta).toMatchObject({
        dependency: "database",
        migrations: { applied: shipped - 1, available: shipped, pending: [missing] },
      });
    } finally {
      await db().kysely.deleteFrom("schema_migrations").where("name", "=", foreign).execute();
      await db().kysely.insertInto("schema_migrations").values(ledger).execute();
    }
  });
});
