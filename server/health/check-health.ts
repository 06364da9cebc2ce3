import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import { listAppliedMigrationNames, listMigrationNames } from "@/server/infra/db/migrate";
import type { Db } from "@/server/infra/db/open-db";
import { getLogger } from "@/server/infra/telemetry/logger";

export type TRedisHealth = { status: "up" | "down" | "recovering" | "not_configured" };

export type THealth = {
  /** `degraded`: serving, with a fallback standing in for a dependency (locks in PostgreSQL while Redis is down). */
  status: "ok" | "degraded";
  database: {
    kind: Db["kind"];
    reachable: true;
    latencyMs: number;
    /** applied: how many of the code's migrations the database has (by name); available: how many it ships. */
    migrations: { applied: number; available: number };
  };
  redis: TRedisHealth;
};

/**
 * Which dependency is down. The database has no stand-in: unreachable or unmigrated is a 503 naming it, which
 * the on-call engineer can act on. Redis (locks, rate limits) has fallbacks: its circuit being open makes the
 * answer 200 `degraded` with `redis.status: down`.
 */
export async function checkHealth({
  getDb,
  redis,
}: {
  getDb: () => Promise<Db>;
  /** From the process's redis circuit breaker (closed → up, open → down, half-open → recovering). */
  redis: TRedisHealth;
}): Promise<THealth> {
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    // The reason (host, port, driver message) is for the operator's log, not for an anonymous caller.
    getLogger().warn({ err: error }, "health: the database could not be opened");
    throw new DomainError("DEPENDENCY_UNAVAILABLE", "The database could not be opened.", {
      hint: "Check DATABASE_URL (or that no other process holds the embedded database) and restart",
      meta: { dependency: "database", retryAfterSeconds: 5 },
      cause: error,
    });
  }
  const started = performance.now();
  try {
    await sql`select 1`.execute(db.kysely);
    // By name, not by count: a database that has another branch's migration but lacks one of ours has as many.
    const appliedNames = await listAppliedMigrationNames(db);
    const shipped = listMigrationNames();
    const pending = shipped.filter((name) => !appliedNames.has(name));
    const applied = shipped.length - pending.length;
    const available = shipped.length;
    if (pending.length > 0) {
      // Which ones is for the operator's log (and staff callers' `migrations.pending`), not for an anonymous probe.
      getLogger().warn({ pending, applied, available }, "health: database migrations are not applied");
      throw new DomainError("DEPENDENCY_UNAVAILABLE", `${pending.length} database migration(s) are not applied.`, {
        hint: "Run `npm run db:migrate` against this database, then retry",
        meta: { dependency: "database", migrations: { applied, available, pending } },
      });
    }
    return {
      status: redis.status === "up" || redis.status === "not_configured" ? "ok" : "degraded",
      redis,
      database: {
        kind: db.kind,
        reachable: true,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        migrations: { applied, available },
      },
    };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    getLogger().warn({ err: error }, "health: the database did not answer");
    throw new DomainError("DEPENDENCY_UNAVAILABLE", "The database did not answer.", {
      hint: "Check the database server and run `npm run db:migrate` if the schema is missing",
      meta: { dependency: "database", retryAfterSeconds: 5 },
      cause: error,
    });
  }
}
