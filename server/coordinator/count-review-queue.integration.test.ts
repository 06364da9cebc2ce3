import { afterEach, expect, it } from "vitest";
import { getMetricsRegistry, setReviewQueueSource } from "@/server/infra/telemetry/metrics";
import { seedBookingRow, seedRestaurant } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { countReviewQueue } from "./count-review-queue";

describeEachBackend("the manual-review gauge (maitre_review_queue_depth)", ({ db }) => {
  afterEach(() => setReviewQueueSource(undefined));

  it("counts bookings in manual review that are not over yet, across restaurants, and serves it as a gauge", async () => {
    const now = new Date("2027-06-04T18:00:00Z");
    const before = await countReviewQueue(db().kysely, { now });
    const [a, b] = [await seedRestaurant(db().kysely), await seedRestaurant(db().kysely)];
    const booking = async (restaurantId: string, startsAt: string, endsAt: string, status: string) => {
      const row = await seedBookingRow(db().kysely, { restaurantId, startsAt, endsAt });
      if (status === "created") return;
      await db()
        .kysely.updateTable("bookings")
        .set((eb) => ({
          status: status as never,
          review_reason: status === "manual_review" ? "no_plan" : null,
          state_version: eb("state_version", "+", 1),
        }))
        .where("id", "=", row.id)
        .execute();
    };
    await booking(a.id, "2027-06-04T19:00:00Z", "2027-06-04T20:30:00Z", "manual_review"); // tonight: counts
    await booking(b.id, "2027-06-04T17:00:00Z", "2027-06-04T18:30:00Z", "manual_review"); // seated now: counts
    await booking(a.id, "2027-06-04T12:00:00Z", "2027-06-04T13:30:00Z", "manual_review"); // over: does not
    await booking(b.id, "2027-06-04T19:00:00Z", "2027-06-04T20:30:00Z", "created"); // not in review: does not
    expect((await countReviewQueue(db().kysely, { now })) - before).toBe(2);

    setReviewQueueSource(() => countReviewQueue(db().kysely, { now }));
    const gauge = await getMetricsRegistry().getSingleMetric("maitre_review_queue_depth")?.get();
    expect(gauge?.values[0]?.value).toBe(before + 2);
  });
});
