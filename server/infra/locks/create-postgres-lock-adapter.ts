import pg from "pg";
import type { Logger } from "@/server/infra/telemetry/logger";
import type { LockAdapter } from "./lock-types";

type Held = { token: string; client: pg.PoolClient; timer: NodeJS.Timeout; onSessionError: (error: Error) => void };

const TRY_LOCK = "select pg_try_advisory_lock(hashtextextended($1, 0)) as ok";
const UNLOCK = "select pg_advisory_unlock(hashtextextended($1, 0)) as ok";

/**
 * PostgreSQL advisory locks, for the distributed shape without Redis and as the fallback while the Redis
 * circuit is open. Advisory locks belong to a SESSION, so every held lock keeps its own pooled connection
 * until release (a separate small pool: holding locks never starves the app's queries). A holder process that
 * dies closes its session, which frees the lock at once; a holder that hangs is cut off at the TTL by ending
 * the session's lock here, matching Redis's expiry semantics. Not for PGlite: one session can't exclude itself.
 *
 * A held lock's client is checked out and idle, and pg-pool listens for errors only on idle clients in the pool:
 * a session ended by the server (restart, failover, pg_terminate_backend) would emit an unhandled 'error' and kill
 * the process. Every client gets a listener when it connects, and a held lock whose session died counts as lost:
 * its holder is told (`onLost`) and the client is discarded.
 */
export function createPostgresLockAdapter({
  connectionString,
  poolMax = 10,
  log,
}: {
  connectionString: string;
  poolMax?: number;
  log?: Logger;
}): LockAdapter {
  const pool = new pg.Pool({
    connectionString,
    max: poolMax,
    application_name: "maitre-locks",
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  // An idle client losing its connection emits on the pool; unhandled, that would crash the process.
  pool.on("error", (error) => log?.warn({ err: error }, "advisory-lock pool connection error"));
  // A checked-out client emits on itself; held locks add their own listener (below) to learn of the loss.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const held = new Map<string, Held>();
  let closed = false;

  async function unlock(key: string, entry: Held): Promise<void> {
    held.delete(key);
    clearTimeout(entry.timer);
    entry.client.off("error", entry.onSessionError);
    try {
      await entry.client.query(UNLOCK, [key]);
      entry.client.release();
    } catch (error) {
      // Destroying the client ends its session, which releases the lock anyway.
      entry.client.release(error instanceof Error ? error : true);
    }
  }

  function expireAt(key: string, token: string, ttlMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = held.get(key);
      if (entry?.token === token) void unlock(key, entry);
    }, ttlMs);
    timer.unref();
    return timer;
  }

  return {
    name: "postgres",
    async acquire({ key, token, ttlMs, onLost }) {
      if (held.has(key)) return null;
      const client = await pool.connect();
      let ok = false;
      try {
        ok = (await client.query<{ ok: boolean }>(TRY_LOCK, [key])).rows[0]?.ok === true;
      } catch (error) {
        client.release(error instanceof Error ? error : true);
        throw error;
      }
      // Checked again: another acquire in this process may have won while we waited for a connection.
      if (!ok || held.has(key)) {
        if (ok) await client.query(UNLOCK, [key]).catch(() => undefined);
        client.release();
        return null;
      }
      const onSessionError = (error: Error) => {
        const entry = held.get(key);
        if (entry?.token !== token) return;
        held.delete(key);
        clearTimeout(entry.timer);
        client.off("error", onSessionError);
        // The session is gone, and its advisory lock with it: discard the client, tell the holder.
        client.release(error);
        log?.warn({ err: error, key }, "advisory lock lost: its database session ended");
        onLost?.();
      };
      client.on("error", onSessionError);
      held.set(key, { token, client, timer: expireAt(key, token, ttlMs), onSessionError });
      return "postgres";
    },
    async release({ key, token }) {
      const entry = held.get(key);
      if (entry?.token !== token) return false;
      await unlock(key, entry);
      return true;
    },
    async extend({ key, token, ttlMs }) {
      const entry = held.get(key);
      if (entry?.token !== token) return false;
      clearTimeout(entry.timer);
      entry.timer = expireAt(key, token, ttlMs);
      return true;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...held].map(([key, entry]) => unlock(key, entry)));
      await pool.end();
    },
  };
}
