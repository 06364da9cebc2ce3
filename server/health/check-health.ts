import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import { countAppliedMigrations, readMigrations } from "@/server/infra/db/migrate";
import type { Db } from "@/server/infra/db/open-db";

export type THealth = {
  status: "ok";
  database: {
    kind: Db["kind"];
    reachable: true;
    latencyMs: number;
    migrations: { applied: number; available: number };
  };
};

/** Database reachability and migration state; a failure is a 503 the on-call engineer can act on. */
export async function checkHealth({ getDb }: { getDb: () => Promise<Db> }): Promise<THealth> {
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    throw new DomainError("DEPENDENCY_UNAVAILABLE", `The database could not be opened: ${describe(error)}`, {
      hint: "Check DATABASE_URL (or that no other process holds the embedded database) and restart",
      cause: error,
    });
  }
  const started = performance.now();
  try {
    await sql`select 1`.execute(db.kysely);
    const applied = await countAppliedMigrations(db);
    const available = readMigrations().length;
    if (applied < available) {
      throw new DomainError("DEPENDENCY_UNAVAILABLE", `${available - applied} database migration(s) are not applied.`, {
        hint: "Run `npm run db:migrate` against this database, then retry",
        meta: { migrations: { applied, available } },
      });
    }
    return {
      status: "ok",
      database: {
        kind: db.kind,
        reachable: true,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        migrations: { applied, available },
      },
    };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError("DEPENDENCY_UNAVAILABLE", `The database did not answer: ${describe(error)}`, {
      hint: "Check the database server and run `npm run db:migrate` if the schema is missing",
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
