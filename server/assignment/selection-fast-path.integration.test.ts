import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { transitionBooking } from "@/server/booking/transition-booking";
import { seedAdjacency, seedRestaurant, seedTables, seedZone, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import { coordinator, host } from "./testing/assignment-test-kit";

/**
 * maitre_assert_selection first asks maitre_selection_ok (a few index lookups) and only builds the full report of
 * maitre_selection_checks when that says no. The shortcut must never let through a selection the report refuses:
 * on random bookings, table sets and policies the two give the same verdict.
 */
describeEachBackend("selection fast path", ({ db }) => {
  const POLICIES = [
    {},
    { allowCrossZone: true },
    { requireAdjacency: false, maxOverage: 1 },
    { maxTablesPerPlan: 2, maxOverage: 8 },
    { allowCrossZone: true, requireAdjacency: false, maxTablesPerPlan: 4, maxOverage: 0 },
  ];
  let restaurantId: string;
  let tables: Record<string, string>;
  const bookings: string[] = [];

  beforeAll(async () => {
    const venue = await setupEveningScenario(db(), {
      tables: [
        { label: "A", capacity: 2 },
        { label: "B", capacity: 4 },
        { label: "C", capacity: 4, minParty: 3 },
        { label: "D", capacity: 6, mergeable: false },
        { label: "E", capacity: 2, active: false },
      ],
      adjacency: [
        ["A", "B"],
        ["B", "C"],
        ["D", "A"],
        ["C", "E"],
      ],
    });
    restaurantId = venue.restaurantId;
    const terrace = await seedZone(db().kysely, { restaurantId, name: "Terrace" });
    const outside = await seedTables(db().kysely, {
      restaurantId,
      zoneId: terrace.id,
      tables: [
        { label: "F", capacity: 4 },
        { label: "G", capacity: 4 },
      ],
    });
    tables = { ...venue.tables, ...outside };
    await seedAdjacency(db().kysely, { restaurantId, a: tables.C as string, b: tables.F as string });
    await seedAdjacency(db().kysely, { restaurantId, a: tables.F as string, b: tables.G as string });
    const other = await seedRestaurant(db().kysely);
    const otherZone = await seedZone(db().kysely, { restaurantId: other.id });
    const foreign = await seedTables(db().kysely, {
      restaurantId: other.id,
      zoneId: otherZone.id,
      tables: [{ label: "X", capacity: 4 }],
    });
    tables.X = foreign.X as string;
    tables.MISSING = "00000000-0000-4000-8000-000000000000";

    for (const [party, at] of [
      [2, "19:00"],
      [4, "19:00"],
      [6, "19:30"],
      [9, "19:00"],
      [3, "21:30"],
      [1, "19:15"],
    ] as const) {
      bookings.push((await venue.book({ party, at })).bookingId);
    }
    // B is taken at 19:00 by another booking; one booking is cancelled (no tables may be assigned to it).
    const occupant = await venue.book({ party: 4, at: "19:00" });
    await commitAssignment({
      db: db(),
      restaurantId,
      bookingId: occupant.bookingId,
      tableIds: [tables.B as string],
      actor: host,
    });
    const cancelled = await venue.book({ party: 2, at: "19:00" });
    await transitionBooking({
      db: db(),
      bookingId: cancelled.bookingId,
      event: { type: "CANCEL" },
      actor: coordinator,
    });
    bookings.push(cancelled.bookingId);
    bookings.push(occupant.bookingId);
  });

  it("says ok exactly when every check of the full report is ok", async () => {
    const labels = ["A", "B", "C", "D", "E", "F", "G", "X", "MISSING"];
    const verdicts = { ok: 0, refused: 0 };
    for (const [p, policy] of POLICIES.entries()) {
      await db()
        .kysely.updateTable("restaurants")
        .set({ planner_config: JSON.stringify({ policy }) })
        .where("id", "=", restaurantId)
        .execute();
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: bookings.length - 1 }),
          fc.subarray(labels, { minLength: 0, maxLength: 4 }),
          async (b, picked) => {
            const bookingId = bookings[b] as string;
            const ids = picked.map((label) => tables[label] as string);
            const { rows } = await sql<{ fast: boolean; full: boolean }>`select
                maitre_selection_ok(${bookingId}::uuid, ${ids}::uuid[]) as fast,
                (select bool_and((c ->> 'ok')::boolean)
                 from jsonb_array_elements(maitre_selection_checks(${bookingId}::uuid, ${ids}::uuid[])) c) as full`.execute(
              db().kysely,
            );
            const row = rows[0];
            if (row?.full) verdicts.ok += 1;
            else verdicts.refused += 1;
            expect({ policy: p, picked, booking: b, fast: row?.fast }).toEqual({
              policy: p,
              picked,
              booking: b,
              fast: row?.full,
            });
          },
        ),
        { numRuns: 60, seed: 20_271_122 + p },
      );
    }
    // Both verdicts occur, so the comparison is not trivially one-sided.
    expect(verdicts.ok).toBeGreaterThan(10);
    expect(verdicts.refused).toBeGreaterThan(10);
  });
});
