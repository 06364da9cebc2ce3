import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bookingState, historyOf, tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import { createBooking } from "@/server/booking/create-booking";
import { QUEUE_SPECS } from "@/server/infra/queue";
import { setupEveningScenario } from "@/server/testing/factories";
import {
  createTestPipeline,
  drainConnections,
  jobsFor,
  notificationsOf,
  type TPipeline,
  waitFor,
  waitUntilSettled,
} from "@/server/testing/pipeline-test-kit";
import { openTestDb, type TestDb } from "@/server/testing/test-db";

/**
 * A worker process killed (SIGKILL) right after its START_ASSIGNMENT claim committed. Needs real processes and a
 * shared server, so PostgreSQL only (an embedded PGlite lives and dies with its one process).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const CRASHER = path.join(import.meta.dirname, "testing/crash-after-claim.ts");
const skipReason = inject("postgresSkipReason");

(skipReason ? describe.skip : describe)(
  `a worker killed after its claim [postgres]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let db: TestDb;
    let pipeline: TPipeline;

    beforeAll(async () => {
      db = await openTestDb("postgres");
      pipeline = await createTestPipeline({ db, url: db.url });
    });

    afterAll(async () => {
      await pipeline?.close();
      if (db) {
        await drainConnections(db);
        await db.close();
      }
    });

    it("is resumed by the other workers within seconds: the retried job resumes the claim and the booking ends confirmed, once", async () => {
      const venue = await setupEveningScenario(db);
      const created = await createBooking({
        db,
        restaurantId: venue.restaurantId,
        actor: { type: "guest", id: null },
        partySize: 4,
        startsAt: "2027-03-05T19:00",
        guestName: "Crash Survivor",
        guestEmail: "survivor@example.com",
        source: "online",
        enqueue: pipeline.deps.enqueue,
      });
      const { bookingId } = created.body;

      // `node --import tsx` rather than the tsx CLI, which would wrap the worker in a second process.
      const child = await runToCompletion(process.execPath, ["--import", "tsx", CRASHER, db.url ?? ""]);
      expect(child.signal, child.output).toBe("SIGKILL");
      expect(child.output).toContain(`"claimed":"${bookingId}"`);

      // Half-way: claimed, nothing written, the job held by a dead worker.
      expect(await bookingState(db.kysely, bookingId)).toMatchObject({ status: "assignment_in_progress" });
      expect(await tablesOf(db.kysely, bookingId)).toEqual([]);
      expect((await jobsFor(db, "booking.assign", bookingId)).map((j) => j.state)).toEqual(["active"]);
      const claim = (await historyOf(db.kysely, bookingId)).at(-1);
      expect(claim).toMatchObject({ event: "START_ASSIGNMENT", actor_type: "coordinator", actor_id: "job" });

      // A healthy worker notices the job active past its expiry (the booking.assign spec: 5 s, the lock's TTL too),
      // puts it back ahead of later jobs and resumes the dead runner's claim under the version fence — in
      // seconds, not at pg-boss's next maintenance (minutes).
      const killedAt = performance.now();
      await pipeline.startWorkers();
      expect(await waitUntilSettled(db.kysely, { bookingIds: [bookingId], timeoutMs: 20_000 })).toEqual({
        confirmed: 1,
      });
      const recoveredMs = performance.now() - killedAt;
      expect(recoveredMs).toBeLessThan((QUEUE_SPECS["booking.assign"].expireInSeconds + 5) * 1000);
      const [job] = await waitFor(async () => {
        const jobs = await jobsFor(db, "booking.assign", bookingId);
        return jobs[0]?.state === "completed" ? jobs : null;
      });
      expect(job).toMatchObject({ retry_count: 1, output: expect.objectContaining({ outcome: "assigned" }) });

      const tables = await tablesOf(db.kysely, bookingId);
      expect(tables).toHaveLength(1);
      const groups = await db.kysely
        .selectFrom("allocations")
        .select("assignment_group")
        .distinct()
        .where("booking_id", "=", bookingId)
        .execute();
      expect(groups).toHaveLength(1);
      expect((await historyOf(db.kysely, bookingId)).map((h) => `${h.event}→${h.to_status}`)).toEqual([
        "CREATE→created",
        "CAPACITY_VERIFIED→capacity_verified",
        "QUEUE_ASSIGNMENT→assignment_pending",
        "START_ASSIGNMENT→assignment_in_progress",
        "ASSIGNMENT_SUCCEEDED→assigned",
        "CONFIRM→confirmed",
      ]);
      const attempts = await db.kysely
        .selectFrom("assignment_attempts")
        .select(["trigger", "outcome"])
        .where("booking_id", "=", bookingId)
        .execute();
      expect(attempts).toEqual([{ trigger: "job", outcome: "assigned" }]);

      // And the guest hears about it exactly once.
      pipeline.queue.wake("booking.notify");
      await waitFor(async () => (await notificationsOf(db.kysely, bookingId)).length > 0);
      expect(await notificationsOf(db.kysely, bookingId)).toEqual([
        expect.objectContaining({ kind: "booking_confirmed", status: "sent", recipient: "survivor@example.com" }),
      ]);
    });
  },
);

async function runToCompletion(
  command: string,
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, output };
}
