import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBooking } from "@/server/booking/create-booking";
import { createAndAssignBooking } from "@/server/coordinator/create-and-assign-booking";
import {
  createTestPipeline,
  drainConnections,
  generateLoad,
  notificationMismatches,
  overlappingAllocations,
  reviewsWithoutReason,
  runConcurrently,
  seedLoadVenues,
  statusCounts,
  type TLoadVenue,
  type TPipeline,
  unfinishedJobs,
  waitFor,
  waitUntilSettled,
} from "@/server/testing/pipeline-test-kit";
import { startTestUpstash, type TestUpstash } from "@/server/testing/redis";
import { openTestDb, type TestDb } from "@/server/testing/test-db";

/**
 * The distributed shape for real: two `scripts/worker.ts` processes on one fresh PostgreSQL database, locking and
 * rate limiting through Upstash (the local proxy in this process, in front of real Redis), while this process
 * plays the web tier — 300 bookings for one evening of Harbor & Vine (41 tables), two thirds only queued for the
 * workers (createBooking + outbox job), one third through POST /api/bookings' use case (inline fast path racing
 * the workers' jobs). Everything must settle into confirmed or a reasoned manual review, no table twice, one
 * email per confirmed guest.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const BOOKINGS = 300;
const CLIENTS = 8;
const DATE = "2027-03-05";
const skipReason = inject("postgresSkipReason") ?? inject("redisSkipReason");

type Worker = { child: ChildProcess; output: () => string };

(skipReason ? describe.skip : describe)(
  `two worker processes assign an evening of 300 bookings [postgres + upstash]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  { timeout: 180_000 },
  () => {
    let db: TestDb;
    let upstash: TestUpstash;
    let web: TPipeline;
    let venue: TLoadVenue;
    const workers: Worker[] = [];

    beforeAll(async () => {
      db = await openTestDb("postgres");
      upstash = await startTestUpstash();
      [venue] = (await seedLoadVenues(db)) as [TLoadVenue];
      for (let i = 0; i < 2; i++) workers.push(startWorker(i, db.url ?? "", upstash));
      // Ready = both logged "workers started" (queues created, consumers registered).
      await waitFor(() => workers.every((w) => w.output().includes("workers started")), {
        timeoutMs: 60_000,
        what: "both workers to start",
      }).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n${workers.map((w) => w.output()).join("\n---\n")}`);
      });
      // This process is a web instance: it enqueues (outbox) and runs the inline path, but consumes no jobs.
      web = await createTestPipeline({ db, url: db.url, upstash });
    }, 90_000);

    afterAll(async () => {
      await Promise.all(workers.map((w) => stopWorker(w.child)));
      await web?.close();
      await upstash?.stop();
      if (db) {
        await drainConnections(db);
        await db.close();
      }
    });

    it("settles every booking: confirmed or reviewed with a reason, never a table twice, one email each", async () => {
      expect(venue.tables).toBe(41);
      const requests = generateLoad({ count: BOOKINGS, seed: 5 });
      const started = performance.now();
      const created = await runConcurrently(requests, CLIENTS, async (request, i) => {
        const input = {
          restaurantId: venue.restaurantId,
          actor: { type: "guest", id: null } as const,
          partySize: request.partySize,
          startsAt: `${DATE}T${request.localTime}`,
          guestName: request.guestName,
          guestEmail: request.guestEmail,
          source: request.source,
        };
        if (i % 3 === 2) {
          const result = await createAndAssignBooking(web.deps, { ...input, deadlineMs: 1500 });
          return { id: result.body.bookingId, inline: result.assignment?.outcome ?? "handed_over" };
        }
        const result = await createBooking({ db, ...input, enqueue: web.deps.enqueue });
        return { id: result.body.bookingId, inline: null };
      });
      const createdMs = performance.now() - started;
      const ids = created.map((c) => c.id);
      expect(new Set(ids).size).toBe(BOOKINGS);

      const counts = await waitUntilSettled(db.kysely, { bookingIds: ids, timeoutMs: 120_000 });
      const settledMs = performance.now() - started;
      // The guest emails are jobs too: wait until the workers have none left.
      await waitFor(async () => (await unfinishedJobs(db, "booking.notify")) === 0, {
        timeoutMs: 60_000,
        what: "the booking.notify jobs to finish",
      });
      const notifiedMs = performance.now() - started;

      expect(Object.keys(counts).filter((status) => status !== "confirmed" && status !== "manual_review")).toEqual([]);
      expect((counts.confirmed ?? 0) + (counts.manual_review ?? 0)).toBe(BOOKINGS);
      expect(counts.confirmed ?? 0).toBeGreaterThan(80);
      expect(await reviewsWithoutReason(db.kysely)).toBe(0);
      expect(await overlappingAllocations(db.kysely)).toEqual([]);
      expect(await notificationMismatches(db.kysely, ids)).toEqual([]);
      const { rows: stray } = await db.query<{ n: number }>(
        "select count(*)::int as n from notifications n join bookings b on b.id = n.booking_id where b.status <> 'confirmed'",
      );
      expect(stray[0]?.n).toBe(0);
      const { rows: failed } = await db.query<{ name: string; n: number }>(
        "select name, count(*)::int as n from pgboss.job where state = 'failed' group by name",
      );
      expect(failed).toEqual([]);

      // Both workers took a share of the jobs (pg-boss hands each job to one of them, SKIP LOCKED).
      const perWorker = workers.map((w) => (w.output().match(/"msg":"auto_assign\.summary"/g) ?? []).length);
      expect(perWorker.every((n) => n > 0)).toBe(true);
      const reasons = await db.kysely
        .selectFrom("bookings")
        .select(["review_reason", (eb) => eb.fn.countAll<number>().as("n")])
        .where("status", "=", "manual_review")
        .groupBy("review_reason")
        .execute();
      const inline = created.filter((c) => c.inline !== null);
      console.info(
        `[multi-worker] ${BOOKINGS} bookings created in ${Math.round(createdMs)} ms by ${CLIENTS} clients ` +
          `(${inline.length} inline: ${JSON.stringify(tally(inline.map((c) => c.inline ?? "")))}); ` +
          `settled after ${Math.round(settledMs)} ms, emails done after ${Math.round(notifiedMs)} ms; ` +
          `final ${JSON.stringify(await statusCounts(db.kysely, ids))}; review reasons ` +
          `${JSON.stringify(Object.fromEntries(reasons.map((r) => [r.review_reason, Number(r.n)])))}; ` +
          `assign runs per worker ${JSON.stringify(perWorker)}`,
      );
    });
  },
);

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function startWorker(index: number, databaseUrl: string, upstash: TestUpstash): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      DATABASE_URL: databaseUrl,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      // The default (300 per restaurant per minute) would throttle a 300-booking burst at one venue on purpose.
      RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "100000",
      MAITRE_WORKER_INDEX: String(index),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
