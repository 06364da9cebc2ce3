import { afterAll, beforeAll, expect, it } from "vitest";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend } from "@/server/testing/test-db";
import { toZonedParts } from "@/server/time/zoned-time";
import { createOptimizerRunJob } from "./optimizer-job";

/**
 * OPTIMIZER_CRON's tick (`optimizer.run` with no payload) fans out one job per restaurant through the real queue
 * (pg-boss on the test database), each for that restaurant's local today; one such job previews each of the
 * restaurant's active services.
 */
describeEachBackend("optimizer.run cron fan-out", ({ db }) => {
  let runtime: TRuntime;
  let uninstall: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ runtime, uninstall } = await installTestRuntime({ db: db() }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("a tick queues one job per restaurant, and each previews its restaurant's services", async () => {
    const london = await setupEveningScenario(db(), { timezone: "Europe/London" });
    const auckland = await setupEveningScenario(db(), { timezone: "Pacific/Auckland" });
    const job = createOptimizerRunJob({ enqueue: runtime.queue.enqueue });
    const before = new Date();
    const outcome = (await job.run({}, { db: db() })) as { fannedOut: number };
    const restaurants = await db().kysely.selectFrom("restaurants").select("id").execute();
    expect(outcome.fannedOut).toBe(restaurants.length);

    const { rows } = await db().query<{ restaurant_id: string; service_date: string }>(
      "select data->>'restaurantId' as restaurant_id, data->>'serviceDate' as service_date from pgboss.job " +
        "where name = 'optimizer.run' and data->>'restaurantId' = any($1)",
      [[london.restaurantId, auckland.restaurantId]],
    );
    expect(rows).toHaveLength(2);
    const dateOf = Object.fromEntries(rows.map((r) => [r.restaurant_id, r.service_date]));
    // Each restaurant's own today (the two zones are half a day apart).
    expect([toZonedParts(before, "Europe/London").date, toZonedParts(new Date(), "Europe/London").date]).toContain(
      dateOf[london.restaurantId],
    );
    expect([
      toZonedParts(before, "Pacific/Auckland").date,
      toZonedParts(new Date(), "Pacific/Auckland").date,
    ]).toContain(dateOf[auckland.restaurantId]);
    const jobsPerRestaurant = await db().query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'optimizer.run' and data->>'restaurantId' = $1",
      [london.restaurantId],
    );
    expect(jobsPerRestaurant.rows[0]?.n).toBe(1);

    // One restaurant's job: a previewed run for its (one) active service, that restaurant only.
    const ran = (await job.run(
      { restaurantId: london.restaurantId, serviceDate: dateOf[london.restaurantId] },
      { db: db() },
    )) as {
      runs: string[];
    };
    expect(ran.runs).toHaveLength(1);
    const stored = await db()
      .kysely.selectFrom("optimizer_runs")
      .select(["restaurant_id", "status", "service_period_id"])
      .where("id", "in", ran.runs)
      .execute();
    expect(stored).toEqual([expect.objectContaining({ restaurant_id: london.restaurantId, status: "previewed" })]);
    expect(stored[0]?.service_period_id).toEqual(expect.any(String));
  });
});
