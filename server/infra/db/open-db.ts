import { mkdirSync } from "node:fs";
import path from "node:path";
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { claimDataDir } from "./claim-data-dir";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./schema";

export type Tx = Transaction<Database>;
/** What repositories take: the root handle or a transaction (repositories never open their own). */
export type Queryable = Kysely<Database> | Tx;

/** The handle as a transaction, for work that must share one (the outbox); a root handle here is a bug. */
export function asTransaction(db: Queryable): Tx {
  if (!db.isTransaction) throw new Error("this write enqueues jobs and must run inside a transaction");
  return db as Tx;
}

export type Db = {
  kind: "pglite" | "postgres";
  kysely: Kysely<Database>;
  /** Runs fn in one transaction; on PGlite transactions are serialised (one session in this process). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Raw parameterised SQL for adapters that bring their own queries (pg-boss). */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  close(): Promise<void>;
};

export type OpenDbOptions =
  | {
      kind: "postgres";
      url: string;
      poolMax?: number;
      applicationName?: string;
      /** Give up opening a connection after this long (the circuit then counts a failure). */
      connectTimeoutMs?: number;
      /** The server cancels any statement running longer (0 = no limit). */
      statementTimeoutMs?: number;
    }
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite"; memory: true };

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * Opens Kysely over `pg` or PGlite with the same JS shapes on both: int8 → number, date → 'YYYY-MM-DD',
 * timestamptz → Date, numeric → string.
 */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.kind === "postgres") return openPostgres(options);
  return openPGlite(options);
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

function openPostgres({
  url,
  poolMax = 10,
  applicationName = "maitre",
  connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
  statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS,
}: Extract<OpenDbOptions, { kind: "postgres" }>): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    application_name: applicationName,
    // A database that drops packets instead of refusing them must fail fast, not after the OS's TCP timeout:
    // connecting is bounded, every statement is bounded on the server, and keepalives find a dead peer of an
    // established connection. A transaction left open by a crashed caller is ended by the server too.
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(statementTimeoutMs, 60_000),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === INT8_OID) return (value: string) => Number.parseInt(value, 10);
        if (oid === DATE_OID) return (value: string) => value;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A client whose server connection dies (restart, failover, pg_terminate_backend) emits 'error'; without a
  // listener that crashes the process. pg-pool listens on idle clients only, so a client checked out by a
  // transaction (idle between its statements) needs its own: the transaction's next statement then fails with
  // a connection error (transient: retried by the caller or the job) and the pool discards the dead client.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    kysely,
    transaction: (fn) => kysely.transaction().execute(fn),
    query: async <R>(text: string, values: unknown[] = []) => {
      const client = await pool.connect();
      try {
        const result = await client.query(text, values);
        return { rows: result.rows as R[] };
      } catch (error) {
        // A failed multi-statement script (pg-boss's `BEGIN; …; COMMIT`) leaves the session in an aborted
        // transaction; roll it back so the pooled connection is clean for the next user.
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => kysely.destroy(),
  };
}

async function openPGlite(options: { dataDir: string } | { memory: true }): Promise<Db> {
  const [{ PGlite, types }, { btree_gist }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/btree_gist"),
  ]);
  let releaseClaim = () => {};
  let dataDir: string | undefined;
  if ("dataDir" in options) {
    dataDir = path.resolve(options.dataDir);
    // PGlite wants the parent of its data directory to exist.
    mkdirSync(path.dirname(dataDir), { recursive: true });
    releaseClaim = claimDataDir(dataDir);
  }
  try {
    const pglite = await PGlite.create({
      dataDir,
      extensions: { btree_gist },
      parsers: { [types.DATE]: (value: string) => value },
    });
    const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      kind: "pglite",
      kysely,
      transaction: (fn) => kysely.transaction().execute(fn),
      query: (text, values) => rawQuery(kysely, text, values),
      close: async () => {
        await kysely.destroy();
        await pglite.close();
        releaseClaim();
      },
    };
  } catch (error) {
    releaseClaim();
    throw error;
  }
}

/** Through Kysely, so adapter SQL queues behind PGlite transactions like everything else. */
async function rawQuery<R>(kysely: Kysely<Database>, text: string, values: unknown[] = []): Promise<{ rows: R[] }> {
  const result = await kysely.executeQuery<R>(CompiledQuery.raw(text, values));
  return { rows: result.rows };
}
