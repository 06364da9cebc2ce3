import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { TRANSIENT_STATUSES } from "@/scripts/invariants/invariant-statuses";
import { findOverlappingAllocations } from "@/scripts/invariants/queries/overlapping-allocations";
import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import { DEMO_VENUES, type DemoVenue } from "@/server/demo/demo-venues";
import { createRandom, PARTY_MIX } from "@/server/demo/generate-demo-bookings";
import { seedDemoStaff, seedDemoVenue } from "@/server/demo/seed-demo-venue";
import { parseEnv } from "@/server/env";
import type { Db, Queryable } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import {
  createLockManager,
  createLockManagerForAdapter,
  createMemoryLockAdapter,
  type LockManager,
} from "@/server/infra/locks";
import { createQueue, type JobQueue } from "@/server/infra/queue";
import { createMemoryRateLimiter, createRateLimiters, type RateLimiter } from "@/server/infra/ratelimit";
import type { Logger } from "@/server/infra/telemetry/logger";
import { createOpsEventHub } from "@/server/live/create-ops-event-hub";
import { createOutboxTransport } from "@/server/notifications/mail-transport";
import { startWorkers } from "@/server/runtime/start-workers";

/** Shared helpers for the coordinator's integration, crash, multi-process tests and the pipeline benchmark. */

export const silentLog: Logger = pino({ level: "silent" });

/** Statuses a booking passes through while the pipeline still owes it an outcome (defined by the invariant checker). */
export const UNSETTLED_STATUSES = TRANSIENT_STATUSES;

export type TPipelineAdapters = {
  /** What the lock manager reports ("memory", "postgres", "upstash>postgres"). */
  locks: string;
  limiter: "memory" | "upstash";
};

export type TPipeline = {
  deps: TCoordinatorDeps & { wakeAssignWorkers: () => void };
  queue: JobQueue;
  adapters: TPipelineAdapters;
  /** Registers the coordinator's job consumers in this process, through the runtime's startWorkers (with `env`). */
  startWorkers(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
};

export type TUpstashConfig = { url: string; token: string; prefix: string };

/**
 * The real adapters a runtime would build, on a test database: the pg-boss queue (outbox enqueue), locks and an
 * assignment rate limiter. PostgreSQL with `upstash` = the distributed shape (Upstash locks falling back to
 * advisory locks, Upstash sliding-window limiter, both behind the process-wide `redis` breaker); PostgreSQL
 * without = advisory locks; PGlite = the embedded shape's in-process locks and limiter.
 */
export async function createTestPipeline({
  db,
  url,
  upstash,
  assignmentLimitPerMinute = 100_000,
  assignmentWindowSeconds = 60,
  log = silentLog,
  schedule = false,
}: {
  db: Db;
  /** The PostgreSQL URL of `db` (advisory locks need their own sessions); null on PGlite. */
  url: string | null;
  upstash?: TUpstashConfig | null;
  /** Per window: the runtime's is a minute; a test that must stay over its budget uses a long one. */
  assignmentLimitPerMinute?: number;
  assignmentWindowSeconds?: number;
  log?: Logger;
  /** Run pg-boss's cron and set the schedules (off by default: no test job fires on its own). */
  schedule?: boolean;
}): Promise<TPipeline> {
  const queue = createQueue({ db, log, schedule, connectionString: url });
  await queue.start();
  let locks: LockManager;
  let assignmentLimiter: RateLimiter;
  let limiter: TPipelineAdapters["limiter"] = "memory";
  if (url) {
    locks = createLockManager({
      env: {
        DATABASE_URL: url,
        UPSTASH_REDIS_REST_URL: upstash?.url,
        UPSTASH_REDIS_REST_TOKEN: upstash?.token,
      },
      log,
      keyPrefix: `${upstash?.prefix ?? ""}lock:`,
    });
  } else {
    locks = createLockManagerForAdapter({ adapter: createMemoryLockAdapter({ store: new Map() }), log });
  }
  if (upstash) {
    limiter = "upstash";
    assignmentLimiter = createRateLimiters({
      env: {
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: upstash.token,
        RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: 1000,
        RATE_LIMIT_ASSIGNMENT_PER_MINUTE: assignmentLimitPerMinute,
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 1000,
        RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: 1000,
        RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: 1000,
      },
      log,
      prefix: `${upstash.prefix}rl:`,
      windows: { assignment: assignmentWindowSeconds },
    }).assignment;
  } else {
    assignmentLimiter = createMemoryRateLimiter({
      name: "assignment",
      limit: assignmentLimitPerMinute,
      windowMs: assignmentWindowSeconds * 1000,
      store: new Map(),
    });
  }
  const deps = {
    db,
    locks,
    enqueue: queue.enqueue,
    log,
    assignmentLimiter,
    wakeAssignWorkers: () => queue.announce("booking.assign"),
  };
  return {
    deps,
    queue,
    adapters: { locks: locks.adapter, limiter },
    async startWorkers(env = {}) {
      // The runtime's own registration (startWorkers), on a runtime made of this pipeline's adapters.
      await startWorkers({
        env: parseEnv({ NODE_ENV: "test", MAIL_FROM: "Maitre <test@maitre.local>", ...env }),
        db,
        log,
        locks,
        queue,
        rateLimiters: {
          bookingClient: assignmentLimiter,
          assignment: assignmentLimiter,
          authFailure: assignmentLimiter,
          signInAttempt: assignmentLimiter,
          signInFailure: assignmentLimiter,
        },
        mail: createOutboxTransport(),
        // Workers never subscribe; pruning is left to the test database's lifetime (no timer to outlive it).
        opsEvents: createOpsEventHub({ db: db.kysely, log, pruneEveryMs: null }),
      });
    },
    async close() {
      await queue.stop({ timeoutMs: 5000 });
      await locks.close();
    },
  };
}

/**
 * Closes the database's pool and waits until its sessions are really gone. pg-pool's end() resolves before its
 * clients' sockets close, so the harness's `drop database … with (force)` that follows can terminate a session
 * that is still closing; the FATAL it sends then surfaces as an unhandled pool error and fails the run. Call last
 * in afterAll (the harness's close then finds nothing to destroy).
 */
export async function drainConnections(db: TestDbLike): Promise<void> {
  if (db.kind !== "postgres" || !db.url) return;
  await db.kysely.destroy();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await waitFor(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
        );
        return rows[0]?.n === 0;
      },
      { timeoutMs: 5000, intervalMs: 25, what: "the test database's sessions to close" },
    ).catch(() => undefined);
  } finally {
    await client.end();
  }
}

type TestDbLike = Db & { url: string | null };

export async function waitFor<T>(
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  {
    timeoutMs = 20_000,
    intervalMs = 100,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Bookings per status (only statuses present), optionally for some bookings only. */
export async function statusCounts(db: Queryable, bookingIds?: readonly string[]): Promise<Record<string, number>> {
  if (bookingIds?.length === 0) return {};
  let query = db
    .selectFrom("bookings")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status");
  if (bookingIds) query = query.where("id", "in", [...bookingIds]);
  const rows = await query.execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Resolves once none of the bookings is still owed an outcome by the pipeline; returns the final counts. */
export async function waitUntilSettled(
  db: Queryable,
  { bookingIds, timeoutMs = 30_000 }: { bookingIds?: readonly string[]; timeoutMs?: number } = {},
): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  try {
    return await waitFor(
      async () => {
        last = await statusCounts(db, bookingIds);
        return UNSETTLED_STATUSES.some((s) => (last[s] ?? 0) > 0) ? false : last;
      },
      { timeoutMs, intervalMs: 200, what: "bookings to settle" },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last counts ${JSON.stringify(last)}`);
  }
}

export type TOverlap = { bookingA: string; bookingB: string; tableId: string };

/** Pairs of allocations of one table whose windows overlap: must always be empty (the exclusion constraint). The
 * query is the invariant checker's (scripts/invariants), here in the shape the pipeline tests compare. */
export async function overlappingAllocations(db: Queryable): Promise<TOverlap[]> {
  const rows = await findOverlappingAllocations(db);
  return rows.map((row) => ({ bookingA: row.bookingA, bookingB: row.bookingB, tableId: row.tableId }));
}

/** Confirmed bookings with a guest email whose `booking_confirmed` notification count is not exactly one. */
export async function notificationMismatches(
  db: Queryable,
  bookingIds?: readonly string[],
): Promise<{ bookingId: string; notifications: number }[]> {
  const { rows } = await sql<{ bookingId: string; notifications: number }>`
    select b.id as "bookingId", count(n.id)::int as notifications
    from bookings b
    left join notifications n on n.booking_id = b.id and n.kind = 'booking_confirmed' and n.status = 'sent'
    where b.status = 'confirmed' and b.guest_email is not null
      ${bookingIds ? sql`and b.id = any(${[...bookingIds]}::uuid[])` : sql``}
    group by b.id
    having count(n.id) <> 1`.execute(db);
  return rows;
}

/** Notification rows of any kind for one booking. */
export async function notificationsOf(db: Queryable, bookingId: string) {
  return db
    .selectFrom("notifications")
    .select(["kind", "status", "recipient", "dedupe_key"])
    .where("booking_id", "=", bookingId)
    .execute();
}

/** pg-boss jobs of one queue carrying this booking id (any state, archive excluded). */
export async function jobsFor(db: Db, name: string, bookingId: string) {
  const { rows } = await db.query<{ id: string; state: string; retry_count: number; output: unknown }>(
    "select id, state, retry_count, output from pgboss.job where name = $1 and data->>'bookingId' = $2 order by created_on",
    [name, bookingId],
  );
  return rows;
}

/** Manual-review bookings whose reason is missing (every review must say why). */
export async function reviewsWithoutReason(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom("bookings")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "manual_review")
    .where("review_reason", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type TLoadVenue = { restaurantId: string; slug: string; tables: number; timezone: string };

/**
 * Restaurants with a demo venue's floor (default: Harbor & Vine, 41 tables in 4 zones, rows of adjacent mergeable
 * tables, fixed bar tables, a private round ten-top) and its service periods and turn times; slugs get a suffix so
 * several copies fit in one database. `liftPacing` removes the per-slot pacing caps, so every generated request
 * becomes a booking (these loads test the assignment pipeline, not pacing refusals).
 */
export async function seedLoadVenues(
  db: Db,
  {
    copies = 1,
    venue = DEMO_VENUES[1],
    liftPacing = true,
  }: { copies?: number; venue?: DemoVenue; liftPacing?: boolean } = {},
): Promise<TLoadVenue[]> {
  if (!venue) throw new Error("no demo venue to copy");
  const seeded = await db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    const out: TLoadVenue[] = [];
    for (let i = 1; i <= copies; i++) {
      const slug = `${venue.slug}-load-${i}`;
      const { restaurantId, tableIds } = await seedDemoVenue(tx, { ...venue, slug }, staffIds);
      out.push({ restaurantId, slug, tables: Object.keys(tableIds).length, timezone: venue.timezone });
    }
    return out;
  });
  if (liftPacing) {
    await db.kysely
      .updateTable("service_periods")
      .set({ pacing_covers_per_slot: null, pacing_online_covers_per_slot: null })
      .where(
        "restaurant_id",
        "in",
        seeded.map((v) => v.restaurantId),
      )
      .execute();
  }
  return seeded;
}

export type TLoadRequest = {
  partySize: number;
  /** Restaurant-local wall time, HH:MM. */
  localTime: string;
  source: BookingSource;
  guestName: string;
  guestEmail: string | null;
};

/** Party sizes and their relative weights: the demo's mix (mostly 2–4, a few 7+). */
export const LOAD_PARTY_MIX: ReadonlyArray<readonly [number, number]> = PARTY_MIX;

/**
 * Seeded booking requests for one service: party sizes from LOAD_PARTY_MIX, start times uniform on the 15-minute
 * grid from `from` to `to` (inclusive), 60 % online / 40 % phone, `emailShare` of guests with an email address.
 */
export function generateLoad({
  count,
  seed,
  from = "17:00",
  to = "22:00",
  emailShare = 0.8,
}: {
  count: number;
  seed: number;
  from?: string;
  to?: string;
  emailShare?: number;
}): TLoadRequest[] {
  const random = createRandom(seed);
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const slots: string[] = [];
  for (let m = toMinutes(from); m <= toMinutes(to); m += 15) {
    slots.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  const totalWeight = LOAD_PARTY_MIX.reduce((sum, [, w]) => sum + w, 0);
  const pickParty = () => {
    let r = random() * totalWeight;
    for (const [size, weight] of LOAD_PARTY_MIX) {
      r -= weight;
      if (r < 0) return size;
    }
    return 2;
  };
  return Array.from({ length: count }, (_, i) => ({
    partySize: pickParty(),
    localTime: slots[Math.floor(random() * slots.length)] ?? from,
    source: random() < 0.6 ? "online" : "phone",
    guestName: `Load Guest ${i + 1}`,
    guestEmail: random() < emailShare ? `guest${i + 1}@example.com` : null,
  }));
}

/** Runs `task` over `items` with at most `concurrency` in flight (a pool of clients), preserving result order. */
export async function runConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const client = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, client));
  return results;
}

/** Jobs of a queue not yet finished (created, retry or active). */
export async function unfinishedJobs(db: Db, name: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')",
    [name],
  );
  return rows[0]?.n ?? 0;
}
