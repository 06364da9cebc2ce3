import { CompiledQuery } from "kysely";
import type PgBoss from "pg-boss";
import type { Queryable } from "@/server/infra/db/open-db";

/**
 * pg-boss's per-call `db` option over a Kysely handle. Given a transaction, pg-boss's INSERT runs on that
 * transaction's connection: the job exists if and only if the transaction commits (the outbox). On PGlite
 * parameterless text goes through `exec`, where pg-boss's multi-statement SQL works.
 */
export function toJobExecutor(queryable: Queryable): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await queryable.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
