import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, expectDomainError, historyOf, splitSettled } from "@/server/assignment/testing/assignment-test-kit";
import { isDomainError } from "@/server/errors/domain-error";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { createBooking, type TCreateBookingInput } from "./create-booking";

describeEachBackend("createBooking", ({ db }) => {
  let london: EveningScenario;
  let newYork: EveningScenario;

  beforeAll(async () => {
    london = await setupEveningScenario(db());
    newYork = await setupEveningScenario(db(), {
      timezone: "America/New_York",
      servicePeriod: { daysOfWeek: [5, 6, 7], turnTimes: [{ maxPartySize: 6, turnMinutes: 120 }], bufferMinutes: 10 },
    });
  });

  const create = (venue: EveningScenario, input: Partial<TCreateBookingInput> & { startsAt: string }) =>
    createBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      actor: SEED_ACTOR,
      partySize: 2,
      guestName: "Ada Lovelace",
      source: "phone",
      ...input,
    });

  it("inserts, verifies capacity and queues assignment in one transaction, with the window from the turn time", async () => {
    const jobs: TJobRequest[] = [];
    const seenInTx: string[] = [];
    const result = await create(london, {
      startsAt: "2027-03-05T19:00",
      enqueue: async (tx, job) => {
        jobs.push(job);
        // The hook runs inside the booking's transaction: it sees the uncommitted row (outbox).
        const row = await tx
          .selectFrom("bookings")
          .select("status")
          .where("id", "=", String(job.payload.bookingId))
          .executeTakeFirst();
        seenInTx.push(row?.status ?? "missing");
      },
    });
    expect(result.status).toBe(201);
    expect(result.replayed).toBe(false);
    expect(result.body).toMatchObject({
      status: "assignment_pending",
      stateVersion: 2,
      startsAt: "2027-03-05T19:00:00.000Z",
      endsAt: "2027-03-05T20:45:00.000Z", // 90 min turn for two + 15 min buffer
    });
    expect(result.body.reference).toMatch(/^[A-HJ-NP-TV-Z2-9]{8}$/);
    expect(jobs).toEqual([
      {
        name: "booking.assign",
        payload: { bookingId: result.body.bookingId, restaurantId: london.restaurantId, stateVersion: 2 },
        options: { singletonKey: `booking.assign:${result.body.bookingId}` },
      },
    ]);
    expect(seenInTx).toEqual(["assignment_pending"]);
    const history = await historyOf(db().kysely, result.body.bookingId);
    expect(history.map((h) => [h.from_status, h.to_status, h.event, h.version])).toEqual([
      [null, "created", "CREATE", 0],
      ["created", "capacity_verified", "CAPACITY_VERIFIED", 1],
      ["capacity_verified", "assignment_pending", "QUEUE_ASSIGNMENT", 2],
    ]);
  });

  it("reads local times in the restaurant's zone across a DST change", async () => {
    const before = await create(newYork, { startsAt: "2026-03-07T19:00" });
    const after = await create(newYork, { startsAt: "2026-03-08T19:00" });
    expect(before.body).toMatchObject({ startsAt: "2026-03-08T00:00:00.000Z", endsAt: "2026-03-08T02:10:00.000Z" });
    expect(after.body).toMatchObject({ startsAt: "2026-03-08T23:00:00.000Z", endsAt: "2026-03-09T01:10:00.000Z" });
    // An instant with an offset is taken as is: 00:30Z on Saturday is 19:30 Friday in New York (EST).
    const instant = await create(newYork, { startsAt: "2026-03-07T00:30:00Z" });
    expect(instant.body.startsAt).toBe("2026-03-07T00:30:00.000Z");
  });

  it.each([
    { name: "before the first seating", at: "2027-03-05T16:45", code: "OUTSIDE_SERVICE" },
    { name: "after the last seating", at: "2027-03-05T21:31", code: "OUTSIDE_SERVICE" },
    { name: "on a day without service", at: "2027-03-03T19:00", code: "OUTSIDE_SERVICE" },
    { name: "an impossible date", at: "2027-02-30T19:00", code: "VALIDATION_FAILED" },
  ] as const)("refuses a start $name with $code", async ({ at, code }) => {
    const bookingsBefore = await db().kysely.selectFrom("bookings").select("id").execute();
    const error = await expectDomainError(create(newYork, { startsAt: at }), code);
    expect(error.hint.length).toBeGreaterThan(10);
    expect(await db().kysely.selectFrom("bookings").select("id").execute()).toHaveLength(bookingsBefore.length);
  });

  it("names the day's seatings when closed at that time", async () => {
    const error = await expectDomainError(create(london, { startsAt: "2027-03-05T12:00" }), "OUTSIDE_SERVICE");
    expect(error.hint).toContain("Dinner 17:00–21:30");
  });

  it("refuses parties above the venue maximum and parties without a turn time", async () => {
    const tooBig = await expectDomainError(
      create(london, { startsAt: "2027-03-05T19:00", partySize: 13 }),
      "PARTY_TOO_LARGE",
    );
    expect(tooBig.meta).toMatchObject({ maxPartySize: 12 });
    await expectDomainError(create(newYork, { startsAt: "2027-03-05T19:00", partySize: 7 }), "PARTY_TOO_LARGE");
  });

  it("replays the same idempotency key and refuses it for another request", async () => {
    const input = { startsAt: "2027-03-06T20:00", idempotencyKey: "client-req-1", partySize: 3 };
    const first = await create(london, input);
    const historyCount = await countRows(db().kysely, "booking_state_history");
    const replay = await create(london, input);
    expect(replay).toMatchObject({ replayed: true, status: 201, jobs: [] });
    expect(replay.body).toEqual(first.body);
    expect(await countRows(db().kysely, "booking_state_history")).toBe(historyCount);
    const reused = await expectDomainError(create(london, { ...input, partySize: 4 }), "IDEMPOTENCY_KEY_REUSED");
    expect(reused.errors).toEqual([expect.objectContaining({ path: "partySize" })]);
  });

  it("rolls everything back when the outbox cannot take the job", async () => {
    const count = await db().kysely.selectFrom("bookings").select("id").execute();
    await expect(
      create(london, {
        startsAt: "2027-03-06T19:00",
        enqueue: async () => {
          throw new Error("queue down");
        },
      }),
    ).rejects.toThrow("queue down");
    expect(await db().kysely.selectFrom("bookings").select("id").execute()).toHaveLength(count.length);
  });

  describe("pacing", () => {
    let paced: EveningScenario;
    beforeAll(async () => {
      paced = await setupEveningScenario(db(), {
        servicePeriod: { pacingCoversPerSlot: 10, pacingOnlineCoversPerSlot: 4 },
      });
    });

    it("caps covers starting in one 15-minute slot, all sources and online separately", async () => {
      await create(paced, { startsAt: "2027-03-05T19:00", partySize: 4, source: "online" });
      await expectDomainError(
        create(paced, { startsAt: "2027-03-05T19:05", partySize: 1, source: "online" }),
        "PACING_LIMIT",
      );
      await create(paced, { startsAt: "2027-03-05T19:10", partySize: 6, source: "phone" });
      const full = await expectDomainError(
        create(paced, { startsAt: "2027-03-05T19:14", partySize: 1 }),
        "PACING_LIMIT",
      );
      expect(full.meta).toMatchObject({ covers: 10, cap: 10, slotStart: "2027-03-05T19:00:00.000Z" });
      expect((await create(paced, { startsAt: "2027-03-05T19:15", partySize: 2 })).body.status).toBe(
        "assignment_pending",
      );
    });

    it("holds under concurrency: parallel creates for one slot never exceed the cap", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          create(paced, { startsAt: "2027-03-06T20:00", partySize: 4, guestName: `Guest ${i}` }),
        ),
      );
      const { fulfilled, rejected } = splitSettled(results);
      expect(fulfilled).toHaveLength(2);
      expect(rejected.every((e) => isDomainError(e, "PACING_LIMIT"))).toBe(true);
      const { rows } = await sql<{ covers: number }>`select coalesce(sum(party_size), 0)::int as covers from bookings
        where restaurant_id = ${paced.restaurantId} and starts_at = '2027-03-06T20:00:00Z'`.execute(db().kysely);
      expect(rows[0]?.covers).toBe(8);
    });
  });

  describe("cached rules", () => {
    let venue: EveningScenario;
    beforeAll(async () => {
      venue = await setupEveningScenario(db());
    });
    const rulesVersion = async () =>
      Number(
        (
          await db()
            .kysely.selectFrom("restaurants")
            .select("rules_version")
            .where("id", "=", venue.restaurantId)
            .executeTakeFirstOrThrow()
        ).rules_version,
      );

    it("never books against rules changed elsewhere: a longer turn time applies at once", async () => {
      expect((await create(venue, { startsAt: "2027-03-05T18:00" })).body.endsAt).toBe("2027-03-05T19:45:00.000Z");
      const before = await rulesVersion();
      // Another process (here: raw SQL) lengthens the turn time; this process still has the old rules cached.
      await sql`update service_turn_times set turn_minutes = 120 where service_period_id in
        (select id from service_periods where restaurant_id = ${venue.restaurantId})`.execute(db().kysely);
      expect(await rulesVersion()).toBeGreaterThan(before);
      const after = await create(venue, { startsAt: "2027-03-05T18:15" });
      expect(after.body.endsAt).toBe("2027-03-05T20:30:00.000Z"); // 120 + 15 buffer, not the cached 90 + 15
    });

    it("never refuses on stale rules: hours extended elsewhere are bookable at once", async () => {
      await expectDomainError(create(venue, { startsAt: "2027-03-05T23:30" }), "OUTSIDE_SERVICE");
      await sql`update service_periods set last_seating_at = '23:45', closes_at = '23:59'
        where restaurant_id = ${venue.restaurantId}`.execute(db().kysely);
      expect((await create(venue, { startsAt: "2027-03-05T23:30" })).body.status).toBe("assignment_pending");
    });

    it("bumps the rules version for booking rules only, not for the floor plan", async () => {
      const before = await rulesVersion();
      await db()
        .kysely.updateTable("restaurants")
        .set({ planner_config: JSON.stringify({ policy: { maxOverage: 2 } }) })
        .where("id", "=", venue.restaurantId)
        .execute();
      expect(await rulesVersion()).toBe(before);
      await db()
        .kysely.updateTable("restaurants")
        .set({ max_party_size: 9 })
        .where("id", "=", venue.restaurantId)
        .execute();
      expect(await rulesVersion()).toBe(before + 1);
    });
  });
});
