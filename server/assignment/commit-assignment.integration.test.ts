import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { TCreatedBooking } from "@/server/booking/create-booking";
import { transitionBooking } from "@/server/booking/transition-booking";
import { isDomainError } from "@/server/errors/domain-error";
import {
  type EveningScenario,
  seedRestaurant,
  seedTables,
  seedZone,
  setupEveningScenario,
} from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import {
  bookingState,
  coordinator,
  countRows,
  expectDomainError,
  historyOf,
  host,
  raceBehindLock,
  sortedIds,
  splitSettled,
  system,
  tablesOf,
} from "./testing/assignment-test-kit";

describeEachBackend("commitAssignment", ({ db, kind }) => {
  let venue: EveningScenario;
  const t = (label: string) => venue.tables[label] as string;

  beforeAll(async () => {
    venue = await setupEveningScenario(db(), {
      tables: [
        { label: "A", capacity: 4 },
        { label: "B", capacity: 4 },
        { label: "C", capacity: 4 },
        { label: "D", capacity: 4 },
        { label: "F", capacity: 2, mergeable: false },
        { label: "X", capacity: 4, active: false },
      ],
      adjacency: [
        ["A", "B"],
        ["B", "C"],
        ["C", "D"],
        ["D", "F"],
      ],
    });
  });

  const commit = (bookingId: string, labels: string[], extra: Partial<Parameters<typeof commitAssignment>[0]> = {}) =>
    commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      tableIds: labels.map(t),
      actor: host,
      ...extra,
    });

  it("assigns a connected merge: one allocation per table, one history row, status assigned", async () => {
    const booking = await venue.book({ party: 7, at: "18:00" });
    const outcome = await commit(booking.bookingId, ["B", "A"]);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ fromStatus: "assignment_pending", status: "assigned", stateVersion: 3 });
    expect(outcome.body.tableIds).toEqual(sortedIds(venue.tables, ["A", "B"]));
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual(sortedIds(venue.tables, ["A", "B"]));
    const groups = await db()
      .kysely.selectFrom("allocations")
      .select("assignment_group")
      .where("booking_id", "=", booking.bookingId)
      .execute();
    expect(new Set(groups.map((g) => g.assignment_group)).size).toBe(1);
    const history = await historyOf(db().kysely, booking.bookingId);
    expect(history.at(-1)).toMatchObject({
      from_status: "assignment_pending",
      to_status: "assigned",
      event: "MANUAL_ASSIGN",
      actor_type: "staff",
      actor_id: "host-1",
      version: 3,
    });
  });

  it.each([
    { name: "tables that are not connected", party: 7, labels: ["A", "C"], code: "NOT_CONNECTED" },
    { name: "a table that cannot be merged", party: 5, labels: ["D", "F"], code: "NOT_MERGEABLE" },
    { name: "too few seats", party: 6, labels: ["A"], code: "CAPACITY" },
    { name: "too many wasted seats", party: 2, labels: ["A", "B"], code: "CAPACITY" },
    { name: "an inactive table", party: 2, labels: ["X"], code: "TABLE_UNAVAILABLE" },
    { name: "more tables than a merge allows", party: 12, labels: ["A", "B", "C", "D"], code: "NOT_MERGEABLE" },
  ] as const)("refuses $name with $code and changes nothing", async ({ party, labels, code }) => {
    const booking = await venue.book({ party, at: "20:00" });
    const before = {
      history: await countRows(db().kysely, "booking_state_history"),
      state: await bookingState(db().kysely, booking.bookingId),
    };
    const error = await expectDomainError(commit(booking.bookingId, [...labels]), code);
    expect(error.hint.length).toBeGreaterThan(10);
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before.state);
    expect(await countRows(db().kysely, "booking_state_history")).toBe(before.history);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
  });

  it("refuses a table of another restaurant", async () => {
    const other = await seedRestaurant(db().kysely);
    const zone = await seedZone(db().kysely, { restaurantId: other.id });
    const foreign = await seedTables(db().kysely, {
      restaurantId: other.id,
      zoneId: zone.id,
      tables: [{ label: "Z", capacity: 4 }],
    });
    const booking = await venue.book({ party: 2, at: "20:15" });
    const error = await expectDomainError(
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        tableIds: [foreign.Z as string],
        actor: host,
      }),
      "TABLE_UNAVAILABLE",
    );
    expect(error.meta.missing).toEqual([foreign.Z]);
  });

  it("hides another restaurant's booking (NOT_FOUND)", async () => {
    const booking = await venue.book({ party: 2, at: "20:15" });
    const other = await seedRestaurant(db().kysely);
    await expectDomainError(
      commitAssignment({
        db: db(),
        restaurantId: other.id,
        bookingId: booking.bookingId,
        tableIds: [t("A")],
        actor: host,
      }),
      "NOT_FOUND",
    );
  });

  it("reports TABLE_CONFLICT naming the booking that has the table", async () => {
    const first = await venue.book({ party: 4, at: "17:00" });
    const second = await venue.book({ party: 4, at: "17:30" });
    await commit(first.bookingId, ["D"]);
    const error = await expectDomainError(commit(second.bookingId, ["D"]), "TABLE_CONFLICT");
    expect(error.message).toContain(first.reference);
    expect(error.meta.conflicts).toEqual([
      expect.objectContaining({ tableId: t("D"), table: "D", kind: "assignment", reference: first.reference }),
    ]);
  });

  it("uses the version as fencing token: a plan for an older version is STALE_VERSION", async () => {
    const booking = await venue.book({ party: 2, at: "21:00" });
    const error = await expectDomainError(commit(booking.bookingId, ["A"], { expectedVersion: 1 }), "STALE_VERSION");
    expect(error.meta).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
  });

  it("lets the coordinator finish its attempt, and refuses a second automatic success (ALREADY_ASSIGNED)", async () => {
    const booking = await venue.book({ party: 2, at: "21:15" });
    await transitionBooking({
      db: db(),
      bookingId: booking.bookingId,
      event: { type: "START_ASSIGNMENT" },
      actor: coordinator,
    });
    const done = await commit(booking.bookingId, ["B"], { actor: coordinator, expectedVersion: 3 });
    expect(done.body).toMatchObject({ status: "assigned", stateVersion: 4 });
    expect((await historyOf(db().kysely, booking.bookingId)).at(-1)?.event).toBe("ASSIGNMENT_SUCCEEDED");
    await expectDomainError(
      commit(booking.bookingId, ["C"], { actor: coordinator, event: "ASSIGNMENT_SUCCEEDED" }),
      "ALREADY_ASSIGNED",
    );
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("B")]);
  });

  it("reassigns a placed booking in place (self-transition) and keeps its tables when the new ones fail", async () => {
    const booking = await venue.book({ party: 3, at: "17:15", date: "2027-03-06" });
    await commit(booking.bookingId, ["A"]);
    const moved = await commit(booking.bookingId, ["B"]);
    expect(moved.body).toMatchObject({
      fromStatus: "assigned",
      status: "assigned",
      stateVersion: 4,
      tableIds: [t("B")],
    });
    const blocker = await venue.book({ party: 4, at: "17:00", date: "2027-03-06" });
    await commit(blocker.bookingId, ["C"]);
    await expectDomainError(commit(booking.bookingId, ["C"]), "TABLE_CONFLICT");
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("B")]);
    expect(await bookingState(db().kysely, booking.bookingId)).toMatchObject({ status: "assigned", state_version: 4 });
    const history = await historyOf(db().kysely, booking.bookingId);
    expect(history.map((h) => [h.from_status, h.to_status, h.version])).toEqual([
      [null, "created", 0],
      ["created", "capacity_verified", 1],
      ["capacity_verified", "assignment_pending", 2],
      ["assignment_pending", "assigned", 3],
      ["assigned", "assigned", 4],
    ]);
  });

  describe("race", () => {
    it("20 concurrent commits of different bookings on one table and window: exactly one wins", async () => {
      const date = "2027-03-07";
      const bookings: TCreatedBooking[] = [];
      for (let i = 0; i < 20; i++)
        bookings.push(await venue.book({ party: 2, at: "19:00", date, guestName: `Racer ${i}` }));
      const race = () => Promise.allSettled(bookings.map((b) => commit(b.bookingId, ["A"], { actor: system })));
      const { result, maxWaiting } =
        kind === "postgres"
          ? // Hold allocations until all 20 are in flight on their own connections; they then queue on the
            // per-table lock and each checks the table after the previous one committed.
            await raceBehindLock(db(), {
              lock: (tx) => sql`lock table allocations in share mode`.execute(tx),
              waiting: 20,
              race,
            })
          : { result: await race(), maxWaiting: 0 };
      if (kind === "postgres") expect(maxWaiting).toBe(20);
      const { fulfilled, rejected } = splitSettled(result);
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      expect(rejected.every((e) => isDomainError(e, "TABLE_CONFLICT"))).toBe(true);
      const winner = fulfilled[0]?.body.bookingId;
      const allocations = await db()
        .kysely.selectFrom("allocations")
        .select(["booking_id"])
        .where("table_id", "=", t("A"))
        .where(
          sql<boolean>`during && tstzrange(${`${date}T18:00:00Z`}::timestamptz, ${`${date}T22:00:00Z`}::timestamptz)`,
        )
        .execute();
      expect(allocations).toEqual([{ booking_id: winner }]);
      const statuses = await Promise.all(bookings.map((b) => bookingState(db().kysely, b.bookingId)));
      expect(statuses.filter((s) => s.status === "assigned")).toHaveLength(1);
      expect(statuses.filter((s) => s.status === "assignment_pending")).toHaveLength(19);
    });

    // PostgreSQL only: PGlite is one session, so a concurrent raw writer cannot exist there.
    if (kind === "postgres") {
      it("turns an exclusion violation from a concurrent raw writer into TABLE_CONFLICT naming it", async () => {
        const date = "2027-03-08";
        const intruder = await venue.book({ party: 2, at: "19:00", date, guestName: "Intruder" });
        const booking = await venue.book({ party: 2, at: "19:30", date });
        // The intruder's row is uncommitted while the commit checks, so only the constraint can catch it.
        const { result } = await raceBehindLock(db(), {
          lock: (tx) =>
            sql`insert into allocations (restaurant_id, table_id, booking_id, kind, during, assignment_group)
                select restaurant_id, ${t("C")}::uuid, id, 'assignment', during, gen_random_uuid()
                from bookings where id = ${intruder.bookingId}`.execute(tx),
          waiting: 1,
          race: () =>
            commit(booking.bookingId, ["C"]).then(
              () => null,
              (error: unknown) => error,
            ),
        });
        expect(isDomainError(result, "TABLE_CONFLICT")).toBe(true);
        expect(isDomainError(result) && result.meta.conflicts).toEqual([
          expect.objectContaining({ reference: intruder.reference, table: "C" }),
        ]);
        expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
      });
    }
  });
});
