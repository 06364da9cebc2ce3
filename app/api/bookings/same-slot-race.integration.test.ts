import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import {
  overlappingAllocations,
  statusCounts,
  unfinishedJobs,
  waitFor,
  waitUntilSettled,
} from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "./route";

/**
 * Friday, 19:00, one small room: 50 booking clients POST the same slot at once through the real route handler.
 * Three tables can seat three parties of two at 19:00 and no more: never a fourth, never one table twice. Every
 * other request is answered — refused with a problem saying what to do, or accepted into manual review — and none
 * is lost or answered with a 5xx.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const REQUESTS = 50;

describeEachBackend("50 concurrent POST /api/bookings for one slot", ({ db }) => {
  let restaurantId = "";
  let key = "";
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ restaurantId } = await setupEveningScenario(db(), {
      tables: [
        { label: "T1", capacity: 2 },
        { label: "T2", capacity: 2 },
        { label: "T3", capacity: 4, mergeable: false },
      ],
      adjacency: [],
    }));
    key = await seedApiKey(db().kysely, { restaurantId });
    ({ uninstall } = await installTestRuntime({
      db: db(),
      workers: true,
      env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "100000", RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "100000" },
    }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("seats at most as many parties as there are tables; every other request is refused or goes to review", async () => {
    const startsAt = `${inDays(21)}T19:00`;
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        POST(
          new Request("http://localhost/api/bookings", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${key}`,
              "idempotency-key": randomUUID(),
              "x-forwarded-for": `203.0.113.${i + 1}`,
            },
            body: JSON.stringify({ partySize: 2, startsAt, guestName: `Racer ${i + 1}`, guestEmail: null }),
          }),
        ),
      ),
    );
    const answers = await Promise.all(
      responses.map(async (r) => ({ status: r.status, type: r.headers.get("content-type"), body: await r.json() })),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body as { id: string });
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.type).toBe("application/problem+json");
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect((refused.body as { hint?: string }).hint).toEqual(expect.any(String));
    }

    const ids = accepted.map((b) => b.id);
    const settled = await waitUntilSettled(db().kysely, { bookingIds: ids, timeoutMs: 60_000 });
    const seated = (settled.confirmed ?? 0) + (settled.assigned ?? 0);
    expect(seated).toBeGreaterThan(0);
    expect(seated).toBeLessThanOrEqual(3);
    // Every accepted booking exists once and ended seated or in review: none lost, none left pending.
    expect(seated + (settled.manual_review ?? 0)).toBe(ids.length);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
    const perTable = await db()
      .kysely.selectFrom("allocations")
      .select(["table_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("kind", "=", "assignment")
      .groupBy("table_id")
      .execute();
    expect(perTable.every((row) => Number(row.n) === 1)).toBe(true);
    expect(Object.values(await statusCounts(db().kysely)).reduce((a, b) => a + b, 0)).toBe(ids.length);
    // Let the consumers finish their last jobs (emails, late assignment runs) before the pool closes under them.
    await waitFor(
      async () => (await unfinishedJobs(db(), "booking.assign")) + (await unfinishedJobs(db(), "booking.notify")) === 0,
      { timeoutMs: 30_000, what: "the job queue to drain" },
    );
  }, 90_000);
});
