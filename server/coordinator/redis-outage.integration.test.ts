import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { circuitStateName, getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import {
  createTestPipeline,
  drainConnections,
  generateLoad,
  notificationMismatches,
  overlappingAllocations,
  reviewsWithoutReason,
  runConcurrently,
  seedLoadVenues,
  type TLoadVenue,
  type TPipeline,
  unfinishedJobs,
  waitFor,
  waitUntilSettled,
} from "@/server/testing/pipeline-test-kit";
import { startTestUpstash, type TestUpstash } from "@/server/testing/redis";
import { openTestDb, type TestDb } from "@/server/testing/test-db";
import { createAndAssignBooking } from "./create-and-assign-booking";

/**
 * Redis goes away in the middle of a busy evening (the Upstash endpoint stops answering: the in-process proxy is
 * closed — the shared Redis server is left alone). Locks must fall back to PostgreSQL advisory locks behind the
 * `redis` circuit breaker, the rate limiters must fall back to each process's own counter, /api/metrics must show the open circuit, and nothing
 * may be lost or double-booked. PostgreSQL + Redis only: the fallback under test is PostgreSQL's advisory locks.
 */
const skipReason = inject("postgresSkipReason") ?? inject("redisSkipReason");
const BOOKINGS = 80;
const DATE = "2027-03-05";

(skipReason ? describe.skip : describe)(
  `Redis lost mid-run [postgres + upstash]${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let db: TestDb;
    let upstash: TestUpstash;
    let pipeline: TPipeline;
    let venue: TLoadVenue;

    beforeAll(async () => {
      db = await openTestDb("postgres");
      upstash = await startTestUpstash();
      [venue] = (await seedLoadVenues(db)) as [TLoadVenue];
      pipeline = await createTestPipeline({ db, url: db.url, upstash });
      await pipeline.startWorkers();
    });

    afterAll(async () => {
      await pipeline?.close();
      await upstash?.stop();
      if (db) {
        await drainConnections(db);
        await db.close();
      }
    });

    it("keeps assigning on PostgreSQL advisory locks, reports the open circuit, loses nothing", async () => {
      expect(pipeline.adapters).toEqual({ locks: "upstash>postgres", limiter: "upstash" });
      const breaker = getCircuitBreaker("redis");
      const requests = generateLoad({ count: BOOKINGS, seed: 11 });
      let atOutage: { locks: Record<string, number>; gauge: number | undefined } | undefined;
      let completed = 0;

      // Four clients book the evening; when a quarter is done Redis becomes unreachable with bookings in flight
      // (some holding Redis locks whose release now fails): every Upstash call from then on is refused.
      const ids = await runConcurrently(requests, 4, async (request) => {
        const result = await createAndAssignBooking(pipeline.deps, {
          restaurantId: venue.restaurantId,
          actor: { type: "guest", id: null },
          partySize: request.partySize,
          startsAt: `${DATE}T${request.localTime}`,
          guestName: request.guestName,
          guestEmail: request.guestEmail,
          source: request.source,
          deadlineMs: 3000,
        });
        completed += 1;
        if (completed === BOOKINGS / 4) {
          atOutage = { locks: await lockAcquisitions(), gauge: await circuitGauge() };
          await upstash.proxy.close();
        }
        return result.body.bookingId;
      });

      expect(atOutage?.locks.upstash).toBeGreaterThan(0);
      expect(atOutage?.locks.postgres ?? 0).toBe(0);
      expect(atOutage?.gauge).toBe(0);
      const metricsText = await getMetricsRegistry().metrics();
      expect(circuitStateName(breaker.state)).toBe("open");
      expect(metricsText).toContain('maitre_circuit_state{dependency="redis"} 2');
      const afterOutage = await lockAcquisitions();
      expect(afterOutage.postgres ?? 0).toBeGreaterThan(BOOKINGS / 2);
      expect(metricsText).toMatch(
        /maitre_rate_limit_decisions_total\{limiter="assignment",result="fallback_allowed"\} [1-9]/,
      );

      // Nothing lost: every booking settles, none twice on a table, each confirmed guest emailed once.
      const counts = await waitUntilSettled(db.kysely, { bookingIds: ids, timeoutMs: 60_000 });
      expect((counts.confirmed ?? 0) + (counts.manual_review ?? 0)).toBe(BOOKINGS);
      expect(counts.confirmed ?? 0).toBeGreaterThan(BOOKINGS / 2);
      expect(await reviewsWithoutReason(db.kysely)).toBe(0);
      expect(await overlappingAllocations(db.kysely)).toEqual([]);
      pipeline.queue.wake("booking.notify");
      await waitFor(async () => (await unfinishedJobs(db, "booking.notify")) === 0, {
        timeoutMs: 30_000,
        what: "the booking.notify jobs to finish",
      });
      expect(await notificationMismatches(db.kysely, ids)).toEqual([]);
      const { rows: failed } = await db.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where state = 'failed'",
      );
      expect(failed[0]?.n).toBe(0);
      console.info(
        `[redis-outage] ${BOOKINGS} bookings, proxy closed after ${BOOKINGS / 4}: final ${JSON.stringify(counts)}; ` +
          `lock grants before ${JSON.stringify(atOutage?.locks)}, after ${JSON.stringify(afterOutage)}`,
      );
    });
  },
);

async function circuitGauge(): Promise<number | undefined> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_circuit_state")?.get();
  return metric?.values.find((v) => v.labels.dependency === "redis")?.value;
}

/** Successful lock acquisitions (first try or after contention) by the store that granted them. */
async function lockAcquisitions(): Promise<Record<string, number>> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_lock_acquisitions_total")?.get();
  const out: Record<string, number> = {};
  for (const v of metric?.values ?? []) {
    if (v.labels.result !== "acquired" && v.labels.result !== "contended") continue;
    const adapter = String(v.labels.adapter);
    out[adapter] = (out[adapter] ?? 0) + v.value;
  }
  return out;
}
