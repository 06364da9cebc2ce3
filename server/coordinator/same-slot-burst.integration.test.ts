import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { tablesOf } from "@/server/assignment/testing/assignment-test-kit";
import type { Db } from "@/server/infra/db/open-db";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import {
  createTestPipeline,
  drainConnections,
  overlappingAllocations,
  statusCounts,
  type TPipeline,
} from "@/server/testing/pipeline-test-kit";
import { startTestUpstash, type TestUpstash } from "@/server/testing/redis";
import { describeEachBackend } from "@/server/testing/test-db";
import { createAndAssignBooking } from "./create-and-assign-booking";

/**
 * The herd: a burst of bookings for one slot all plan the same best tables, and one wins each round. With room
 * for every party, each must still be confirmed inline, within the runner's commit bound (10) — not left to the
 * job after a few lost races. No worker runs: anything not placed inline stays visible. Both backends; on
 * PostgreSQL with the distributed shape's locks when Redis answers, as the pipeline tests do.
 */
const redisUrl = inject("redisUrl");
const MAX_COMMITS = 10;

describeEachBackend("same-slot burst", ({ db, kind }) => {
  let pipeline: TPipeline;
  let upstash: TestUpstash | undefined;

  beforeAll(async () => {
    if (kind === "postgres" && redisUrl) upstash = await startTestUpstash();
    pipeline = await createTestPipeline({ db: db(), url: db().url, upstash });
  });

  afterAll(async () => {
    await pipeline?.close();
    await upstash?.stop();
    await drainConnections(db());
  });

  /** All parties at once for 19:00, the way concurrent POST /api/bookings reach the use case. */
  const burst = (venue: EveningScenario, parties: readonly number[]) =>
    Promise.all(
      parties.map((partySize, i) =>
        createAndAssignBooking(pipeline.deps, {
          restaurantId: venue.restaurantId,
          actor: { type: "guest", id: null },
          partySize,
          startsAt: "2027-03-05T19:00",
          guestName: `Burst Guest ${i + 1}`,
          guestEmail: null,
          source: i % 2 === 0 ? "online" : "phone",
          deadlineMs: 10_000,
        }),
      ),
    );

  /** Every call confirmed inline, one table each, no table twice, every lost race a recorded TABLE_CONFLICT. */
  const expectAllConfirmedInline = async (results: Awaited<ReturnType<typeof burst>>) => {
    expect(
      results.map((r) => r.assignment?.outcome ?? "handed over to the job").filter((o) => o !== "assigned"),
    ).toEqual([]);
    expect(new Set(results.map((r) => (r.assignment?.outcome === "assigned" ? r.assignment.status : null)))).toEqual(
      new Set(["confirmed"]),
    );
    const ids = results.map((r) => r.body.bookingId);
    expect(await statusCounts(db().kysely, ids)).toEqual({ confirmed: results.length });
    const tables = await Promise.all(ids.map((id) => tablesOf(db().kysely, id)));
    expect(tables.map((t) => t.length)).toEqual(Array(results.length).fill(1));
    expect(new Set(tables.flat()).size).toBe(results.length);
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
    const commits = results.map((r) => r.assignment?.attempts ?? 0);
    expect(Math.max(...commits)).toBeLessThanOrEqual(MAX_COMMITS);
    const attempts = await attemptsOf(db(), ids);
    expect(attempts).toHaveLength(commits.reduce((sum, n) => sum + n, 0));
    expect(attempts.filter((a) => a.outcome === "assigned")).toHaveLength(results.length);
    expect(attempts.filter((a) => a.outcome !== "assigned").map((a) => `${a.outcome} ${a.reason_code}`)).toEqual(
      Array(attempts.length - results.length).fill("conflict TABLE_CONFLICT"),
    );
    return tables.map(([table]) => table as string);
  };

  it("30 parties for one slot at 30 identical four-tops: every one confirmed inline, no table twice", async () => {
    // Identical tables: every planner ranks the same table first, the worst case for herding.
    const venue = await setupEveningScenario(db(), {
      tables: Array.from({ length: 30 }, (_, i) => ({ label: `T${i + 1}`, capacity: 4, mergeable: false })),
      adjacency: [],
    });
    await expectAllConfirmedInline(
      await burst(
        venue,
        Array.from({ length: 30 }, (_, i) => 2 + (i % 3)),
      ),
    );
  });

  it("an exact fit (12 twos on 12 two-tops, 8 fours on 8 four-tops): racing never costs a four a seat", async () => {
    // Runners spread over the plans that seat the party like its best one: a two never takes a four-top a racing
    // four needs while a two-top is left, so the floor fits the burst exactly.
    const venue = await setupEveningScenario(db(), {
      tables: [
        ...Array.from({ length: 12 }, (_, i) => ({ label: `S${i + 1}`, capacity: 2, mergeable: false })),
        ...Array.from({ length: 8 }, (_, i) => ({ label: `F${i + 1}`, capacity: 4, mergeable: false })),
      ],
      adjacency: [],
    });
    const parties = Array.from({ length: 20 }, (_, i) => (i % 5 < 3 ? 2 : 4));
    const tables = await expectAllConfirmedInline(await burst(venue, parties));
    const labelOf = new Map(Object.entries(venue.tables).map(([label, id]) => [id, label]));
    expect(tables.map((id, i) => `${parties[i]}:${labelOf.get(id)?.[0]}`).sort()).toEqual(
      [...Array(12).fill("2:S"), ...Array(8).fill("4:F")].sort(),
    );
  });
});

async function attemptsOf(db: Db, bookingIds: readonly string[]) {
  return db.kysely
    .selectFrom("assignment_attempts")
    .select(["outcome", "reason_code"])
    .where("booking_id", "in", [...bookingIds])
    .execute();
}
