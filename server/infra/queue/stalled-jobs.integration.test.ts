import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { describeEachBackend, openTestDb, type TestDb } from "@/server/testing/test-db";
import { createQueue, type JobQueue } from "./create-queue";
import { resumeStalledJobs } from "./resume-stalled-jobs";

const log = pino({ level: "silent" });

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A job fetched by a worker that then died: active, started `secondsAgo`, nobody will complete it. */
async function stallJob(
  db: TestDb,
  queue: JobQueue,
  secondsAgo: number,
  name: "booking.assign" | "booking.notify" = "booking.assign",
): Promise<string> {
  const bookingId = randomUUID();
  const id = await queue.send(name, { bookingId });
  await db.query(
    "update pgboss.job set state = 'active', started_on = now() - make_interval(secs => $2) where id = $1",
    [id, secondsAgo],
  );
  return id as string;
}

describeEachBackend("jobs of a worker that died are resumed within seconds", ({ db }) => {
  let queue: JobQueue;
  beforeAll(async () => {
    queue = createQueue({ db: db(), log, supervise: false });
    await queue.start();
  });
  afterAll(async () => {
    await queue?.stop({ timeoutMs: 2000 });
  });

  const jobRow = async (id: string) =>
    (
      await db().query<{ state: string; priority: number; due: boolean }>(
        "select state, priority, start_after <= now() as due from pgboss.job where id = $1",
        [id],
      )
    ).rows[0];

  it("puts an active job past its expiry back to retry, startable now and ahead of newer jobs", async () => {
    const stalled = await stallJob(db(), queue, 30);
    const running = await stallJob(db(), queue, 0);
    const resumed = await resumeStalledJobs(db(), ["booking.assign"]);
    expect(resumed).toEqual([{ name: "booking.assign", id: stalled }]);
    expect(await jobRow(stalled)).toEqual({ state: "retry", priority: 1, due: true });
    // A job still within its expiry belongs to a live worker: left alone.
    expect(await jobRow(running)).toMatchObject({ state: "active", priority: 0 });
    // Resuming is idempotent (every worker runs it): the row moved once.
    expect(await resumeStalledJobs(db(), ["booking.assign"])).toEqual([]);
  });

  it("runs a resumed job before jobs queued after the booking it belongs to", async () => {
    const order: string[] = [];
    const stalled = await stallJob(db(), queue, 30);
    const stalledBooking = (await queue.boss.getJobById<{ bookingId: string }>("booking.assign", stalled))?.data
      .bookingId;
    const later = randomUUID();
    await queue.send("booking.assign", { bookingId: later });
    await resumeStalledJobs(db(), ["booking.assign"]);
    await queue.work<{ bookingId: string }>(
      "booking.assign",
      async ({ bookingId }) => {
        order.push(bookingId);
      },
      { batchSize: 1 },
    );
    await waitFor(() => order.includes(later) && order.includes(stalledBooking ?? ""));
    expect(order.indexOf(stalledBooking ?? "")).toBeLessThan(order.indexOf(later));
  });

  it("is done by the workers themselves: a dead worker's job runs again within about a second", async () => {
    const ran: string[] = [];
    // Another process's worker, on a queue nobody else here works (guest emails resume the same way).
    const other = createQueue({ db: db(), log, supervise: false });
    await other.start();
    try {
      await other.work<{ bookingId: string }>("booking.notify", async ({ bookingId }) => {
        ran.push(bookingId);
      });
      const stalled = await stallJob(db(), other, 30, "booking.notify");
      const bookingId = (await other.boss.getJobById<{ bookingId: string }>("booking.notify", stalled))?.data.bookingId;
      const started = performance.now();
      await waitFor(() => ran.includes(bookingId ?? ""), 5000);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await other.stop({ timeoutMs: 2000 });
    }
  });
});

const adminUrl = inject("postgresAdminUrl");
const skipReason = inject("postgresSkipReason");

(adminUrl ? describe : describe.skip)(
  `cross-process wake-up (LISTEN/NOTIFY) [postgres]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let db: TestDb;
    let web: JobQueue;
    let worker: JobQueue;
    beforeAll(async () => {
      db = await openTestDb("postgres");
      // Two queues on one database = a web process and a worker process.
      web = createQueue({ db, log, schedule: false, supervise: false, connectionString: db.url });
      worker = createQueue({ db, log, schedule: false, supervise: false, connectionString: db.url });
      await web.start();
      await worker.start();
    });
    afterAll(async () => {
      await web?.stop({ timeoutMs: 2000 });
      await worker?.stop({ timeoutMs: 2000 });
      await db?.close();
    });

    it("starts a job committed in another process within milliseconds instead of at the next poll", async () => {
      const seen = new Map<string, number>();
      await worker.work<{ bookingId: string }>(
        "booking.assign",
        async ({ bookingId }) => {
          seen.set(bookingId, performance.now());
        },
        { pollingIntervalSeconds: 30 },
      );
      // Let the worker's first (empty) fetch pass and its listener connect: it now sleeps for 30 s.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const bookingId = randomUUID();
        await db.transaction((tx) => web.sendInTransaction(tx, "booking.assign", { bookingId }));
        const sent = performance.now();
        web.announce("booking.assign");
        await waitFor(() => seen.has(bookingId), 5000);
        latencies.push((seen.get(bookingId) ?? 0) - sent);
      }
      // Polling would take up to 30 s; the announcement brings it to well under a second.
      expect(Math.max(...latencies)).toBeLessThan(1000);
    });
  },
);
