import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TransientError } from "@/server/infra/resilience/transient-error";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { describeEachBackend } from "@/server/testing/test-db";
import { createQueue, type JobQueue } from "./create-queue";
import { defineJob } from "./job-definition";
import type { JobContext } from "./job-types";

/** What the queue logged (trace and up), as parsed lines. */
const logged: Array<{ level: number; msg: string; bookingId?: string; err?: unknown; reason?: string }> = [];
const log = pino({ level: "trace" }, { write: (line: string) => void logged.push(JSON.parse(line)) });

type Payload = { bookingId: string; scenario: "ok" | "fail-once" | "deferred-once" | "deterministic" };
type Run = { bookingId: string; attempt: number; isFinalAttempt: boolean };

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachBackend("job queue (pg-boss)", ({ db }) => {
  let queue: JobQueue;
  const runs: Run[] = [];
  const runsOf = (bookingId: string) => runs.filter((r) => r.bookingId === bookingId);
  const jobState = async (id: string | null) => {
    const job = id ? await queue.boss.getJobById<Payload>("booking.assign", id, { includeArchive: true }) : null;
    return job ? { state: job.state, retryCount: job.retryCount, output: job.output } : undefined;
  };

  beforeAll(async () => {
    queue = createQueue({ db: db(), log });
    await queue.start();
    await queue.work<Payload>("booking.assign", async (payload, ctx: JobContext) => {
      runs.push({ bookingId: payload.bookingId, attempt: ctx.attempt, isFinalAttempt: ctx.isFinalAttempt });
      if (payload.scenario === "fail-once" && ctx.attempt === 1) throw new TransientError("lost a table race");
      if (payload.scenario === "deferred-once" && ctx.attempt === 1) {
        throw new TransientError("assignment rate limit reached", { deferral: true });
      }
      if (payload.scenario === "deterministic") throw new Error("party larger than the venue");
      return { seated: payload.bookingId };
    });
  });

  afterAll(async () => {
    await queue?.stop({ timeoutMs: 2000 });
  });

  it("refuses to send before start() created the queues (pg-boss would drop the job silently)", async () => {
    const unstarted = createQueue({ db: db(), log });
    await expect(unstarted.send("booking.notify", { marker: "x" })).rejects.toThrow(/not started/);
    await expect(
      db().transaction((tx) => unstarted.sendInTransaction(tx, "booking.notify", { marker: "x" })),
    ).rejects.toThrow(/not started/);
  });

  it("enqueues nothing when the transaction rolls back (outbox)", async () => {
    const marker = randomUUID();
    await expect(
      db().transaction(async (tx) => {
        await tx
          .insertInto("restaurants")
          .values({ slug: `r-${marker}`, name: "Rollback", timezone: "UTC" })
          .execute();
        await queue.sendInTransaction(tx, "booking.notify", { marker });
        throw new Error("validation failed after the insert");
      }),
    ).rejects.toThrow("validation failed");
    const { rows } = await db().query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'booking.notify' and data->>'marker' = $1",
      [marker],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("delivers a job committed with its state change to a worker", async () => {
    const bookingId = randomUUID();
    const id = await db().transaction(async (tx) => {
      await tx
        .insertInto("restaurants")
        .values({ slug: `r-${bookingId}`, name: "Commit", timezone: "UTC" })
        .execute();
      return queue.sendInTransaction(tx, "booking.assign", { bookingId, scenario: "ok" });
    });
    expect(id).toEqual(expect.any(String));
    queue.wake("booking.assign");
    await waitFor(async () => (await jobState(id))?.state === "completed");
    expect(runsOf(bookingId)).toEqual([{ bookingId, attempt: 1, isFinalAttempt: false }]);
    expect((await jobState(id))?.output).toEqual({ seated: bookingId });
  });

  it("retries a transiently failing handler until it succeeds", async () => {
    const bookingId = randomUUID();
    const id = await queue.send(
      "booking.assign",
      { bookingId, scenario: "fail-once" },
      { retryDelay: 1, retryBackoff: false },
    );
    await waitFor(async () => (await jobState(id))?.state === "completed");
    expect(runsOf(bookingId).map((r) => r.attempt)).toEqual([1, 2]);
    expect((await jobState(id))?.retryCount).toBe(1);
  });

  it("logs a transient failure as a warning, and expected back-pressure (a deferral) at info without a stack", async () => {
    const failing = randomUUID();
    const deferred = randomUUID();
    const retry = { retryDelay: 1, retryBackoff: false };
    const ids = [
      await queue.send("booking.assign", { bookingId: failing, scenario: "fail-once" }, retry),
      await queue.send("booking.assign", { bookingId: deferred, scenario: "deferred-once" }, retry),
    ];
    await waitFor(async () => {
      const states = await Promise.all(ids.map(async (id) => (await jobState(id))?.state));
      return states.every((state) => state === "completed");
    });
    const linesOf = (id: string | null) => logged.filter((line) => (line as { jobId?: string }).jobId === id);
    const failed = linesOf(ids[0] ?? null).filter((line) => line.msg === "job failed");
    expect(failed.map((line) => line.level)).toEqual([40]);
    const deferredLines = linesOf(ids[1] ?? null).filter((line) => line.msg.startsWith("job "));
    expect(deferredLines).toEqual([
      expect.objectContaining({ level: 30, msg: "job deferred: it runs again after its retry delay" }),
    ]);
    expect(deferredLines[0]?.reason).toBe("assignment rate limit reached");
    expect(deferredLines[0]?.err).toBeUndefined();
  });

  it("fails a deterministic error at once, without spending retries", async () => {
    const bookingId = randomUUID();
    const id = await queue.send("booking.assign", { bookingId, scenario: "deterministic" }, { retryDelay: 1 });
    await waitFor(async () => (await jobState(id))?.state === "failed");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runsOf(bookingId)).toHaveLength(1);
    expect((await jobState(id))?.output).toMatchObject({
      message: "party larger than the venue",
      classification: "deterministic",
    });
  });

  it("keeps one queued booking.assign per booking (singletonKey)", async () => {
    const bookingId = randomUUID();
    const [first, second] = await db().transaction(async (tx) => [
      await queue.sendInTransaction(tx, "booking.assign", { bookingId, scenario: "ok" }, { startAfter: 60 }),
      await queue.sendInTransaction(tx, "booking.assign", { bookingId, scenario: "ok" }),
    ]);
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    // Still deduplicated from a later, separate transaction while the first waits.
    expect(await queue.send("booking.assign", { bookingId, scenario: "ok" })).toBeNull();
    expect(await queue.send("booking.assign", { bookingId: randomUUID(), scenario: "ok" }, { startAfter: 60 })).toEqual(
      expect.any(String),
    );
  });

  it("reports jobs due now apart from jobs waiting for a later start, with the oldest due job's age, also as gauges", async () => {
    const before = await queue.queueDepth();
    await queue.send("booking.notify", { marker: randomUUID() }, { startAfter: 120 });
    await queue.send("booking.notify", { marker: randomUUID() }, { startAfter: 120 });
    // Due now, but no worker takes assign_all.run in this suite: it stays due and ages.
    await queue.send("assign_all.run", { marker: randomUUID() });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const depth = await queue.queueDepth();
    expect(depth["booking.notify"].scheduled).toBe(before["booking.notify"].scheduled + 2);
    expect(depth["booking.notify"].ready).toBe(before["booking.notify"].ready);
    expect(depth["assign_all.run"].ready).toBe(before["assign_all.run"].ready + 1);
    expect(depth["assign_all.run"].oldestReadySeconds).toBeGreaterThanOrEqual(1);
    expect(Object.keys(depth).sort()).toEqual([
      "assign_all.run",
      "booking.assign",
      "booking.notify",
      "bookings.reconcile",
      "holds.sweep",
      "optimizer.run",
      "retention.prune",
    ]);
    const gaugeValue = async (metric: string, name: string) =>
      (await getMetricsRegistry().getSingleMetric(metric)?.get())?.values.find((v) => v.labels.queue === name)?.value;
    expect(await gaugeValue("maitre_queue_depth", "assign_all.run")).toBe(depth["assign_all.run"].ready);
    expect(await gaugeValue("maitre_queue_scheduled", "booking.notify")).toBe(depth["booking.notify"].scheduled);
    expect(await gaugeValue("maitre_queue_oldest_ready_seconds", "assign_all.run")).toBeGreaterThanOrEqual(1);
  });

  it("schedules the hold sweeper and the orphaned-booking check every minute and retention daily", async () => {
    const schedules = await queue.boss.getSchedules();
    const byName = Object.fromEntries(schedules.map((s) => [s.name, s.cron]));
    expect(byName["holds.sweep"]).toBe("* * * * *");
    expect(byName["bookings.reconcile"]).toBe("* * * * *");
    expect(byName["retention.prune"]).toBe("17 3 * * *");
  });

  it("registers a job definition with its retry settings and gives it the database", async () => {
    const seen: { restaurantName: string | undefined; attempt: number }[] = [];
    const job = defineJob<{ slug: string }>({
      name: "optimizer.run",
      retry: { limit: 1, delaySeconds: 1, backoff: false },
      async run(payload, ctx) {
        const row = await ctx.db.kysely
          .selectFrom("restaurants")
          .select("name")
          .where("slug", "=", payload.slug)
          .executeTakeFirst();
        seen.push({ restaurantName: row?.name, attempt: (ctx as JobContext).attempt });
      },
    });
    await queue.register(job, { pollingIntervalSeconds: 0.5 });
    expect((await queue.boss.getQueue("optimizer.run"))?.retryLimit).toBe(1);
    const slug = `r-${randomUUID()}`;
    await db().transaction(async (tx) => {
      await tx.insertInto("restaurants").values({ slug, name: "Optimised", timezone: "UTC" }).execute();
      await queue.enqueue(tx, { name: "optimizer.run", payload: { slug } });
    });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toEqual({ restaurantName: "Optimised", attempt: 1 });
  });
});
