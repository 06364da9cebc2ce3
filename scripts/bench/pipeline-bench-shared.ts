/**
 * What the pipeline benchmark's cells share (bench-pipeline.ts, bench-pipeline-jobs.ts): the workload (restaurants,
 * days, seeded requests), the backends and their fresh databases, the database's CPU from /proc, percentiles.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { createRandom } from "@/server/demo/generate-demo-bookings";
import { migrate } from "@/server/infra/db/migrate";
import { type Db, openDb } from "@/server/infra/db/open-db";
import { LOAD_PARTY_MIX, type TLoadVenue } from "@/server/testing/pipeline-test-kit";

/** "postgres" = over TCP (127.0.0.1, as CI and a separate database host); "postgres-socket" = the same server over its
 * Unix socket (a same-host deployment's usual choice: no loopback TCP stack per round trip). */
export type TBackend = "pglite" | "postgres" | "postgres-socket";

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const WARMUP_BOOKINGS = 400;
export const RESTAURANTS = 8;
export const DAYS = 28;
export const FIRST_DAY = Date.UTC(2027, 3, 5); // 2027-04-05: no DST change inside the 28 days in New York
export const SEED = 20_271_105;

// The runtime's DATABASE_POOL_MAX default.
export const POOL_MAX = 10;

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
export const SOCKET_DIR = process.env.BENCH_SOCKET_DIR ?? "/var/run/postgresql";
export const BACKEND_LABELS: Record<TBackend, string> = {
  pglite: "PGlite (in-memory)",
  postgres: "PostgreSQL 15 (TCP)",
  "postgres-socket": "PostgreSQL 15 (Unix socket)",
};

/** The server's address for a backend: TCP as configured, or the same server and user through its socket. */
export function adminUrlFor(backend: TBackend): string {
  if (backend !== "postgres-socket") return ADMIN_URL;
  const url = new URL(ADMIN_URL);
  url.hostname = "";
  url.port = "";
  url.searchParams.set("host", SOCKET_DIR);
  return url.toString();
}

export type TRequest = {
  venue: TLoadVenue;
  startsAt: string;
  partySize: number;
  source: "online" | "phone";
  email: string | null;
};

/** createAndAssignBooking's input for a generated request, as a booking client would send it. */
export function bookingInputOf(request: TRequest, deadlineMs: number) {
  return {
    restaurantId: request.venue.restaurantId,
    actor: { type: "guest" as const, id: null },
    partySize: request.partySize,
    startsAt: request.startsAt,
    guestName: "Bench Guest",
    guestEmail: request.email,
    source: request.source,
    deadlineMs,
  };
}

const PARTY_WEIGHT = LOAD_PARTY_MIX.reduce((sum, [, w]) => sum + w, 0);

/** A party size drawn from the load's party mix. */
export function pickParty(random: () => number): number {
  let r = random() * PARTY_WEIGHT;
  for (const [size, weight] of LOAD_PARTY_MIX) {
    r -= weight;
    if (r < 0) return size;
  }
  return 2;
}

export function generateRequests(venues: TLoadVenue[], count: number, seed: number): TRequest[] {
  const random = createRandom(seed);
  const party = () => pickParty(random);
  return Array.from({ length: count }, () => {
    const venue = venues[Math.floor(random() * venues.length)] as TLoadVenue;
    const day = new Date(FIRST_DAY + Math.floor(random() * DAYS) * 86_400_000).toISOString().slice(0, 10);
    const minutes = 17 * 60 + Math.floor(random() * 21) * 15; // 17:00 … 22:00, the dinner grid
    const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    return {
      venue,
      startsAt: `${day}T${time}`,
      partySize: party(),
      source: random() < 0.6 ? "online" : "phone",
      email: random() < 0.8 ? `bench${Math.floor(random() * 1e9)}@example.com` : null,
    };
  });
}

export async function openBackend(
  backend: TBackend,
): Promise<{ db: Db; url: string | null; drop: () => Promise<void> }> {
  if (backend === "pglite") {
    const db = await openDb({ kind: "pglite", memory: true });
    await migrate(db);
    return { db, url: null, drop: () => db.close() };
  }
  const name = `maitre_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrlFor(backend));
  url.pathname = `/${name}`;
  const db = await openDb({
    kind: "postgres",
    url: url.toString(),
    poolMax: POOL_MAX,
    applicationName: "maitre-bench",
  });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      // Let the pool's sockets finish closing before the forced drop terminates what is left.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export async function admin<T>(fn: (client: pg.Client) => Promise<T>, connectionString = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(backend: TBackend): Promise<string | null> {
  try {
    await admin((c) => c.query("select 1"), adminUrlFor(backend));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * CPU time (ms) the server processes of this database have used so far (its backends: the app's pool and the lock
 * pool), from /proc — a same-host PostgreSQL only; null for PGlite (it runs in this process) or when unreadable.
 * Unlike throughput, CPU per booking barely moves when other work shares the machine.
 */
export async function databaseCpuMs(db: Db): Promise<number | null> {
  if (db.kind !== "postgres") return null;
  const { rows } = await db.query<{ pid: number }>(
    // Every backend of this database, the one running this query too (with one client it is the one that works).
    "select pid from pg_stat_activity where datname = current_database()",
  );
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      return null;
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

export { percentile } from "./percentile";

export const fmt = (ms: number) => (Number.isNaN(ms) ? "–" : ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
