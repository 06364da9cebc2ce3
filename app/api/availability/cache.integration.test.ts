import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHold } from "@/server/assignment/create-hold";
import { releaseHold } from "@/server/assignment/release-hold";
import type { TBookableTimes } from "@/server/availability/bookable-times-schema";
import { bookableTimesCacheStats } from "@/server/availability/list-bookable-times";
import { readBookingsVersion } from "@/server/availability/read-bookings-version";
import { SEED_ACTOR, seedBooking, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE } from "../bookings/[reference]/route";
import { addApiKey, availability, inDays, postBooking } from "./availability-test-kit";

/**
 * GET /api/availability answers from a per-process cache of the floor's verdicts while the database says nothing
 * they depend on changed. Here every such change — a booking committed or cancelled, a hold taken, released or
 * lapsing, a table deactivated, a pacing cap lowered — must show in the very next answer, and a cached answer
 * must equal a computed one. One two-seat table, so a party of two at 19:00 either fits or does not.
 */
const DATE = inDays(25);
const PARTY = 2;

describeEachBackend("GET /api/availability cache", ({ db, kind }) => {
  let key = "";
  let restaurantId = "";
  let table = "";
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const scenario = await setupEveningScenario(db(), { tables: [{ label: "T1", capacity: 2 }] });
    restaurantId = scenario.restaurantId;
    table = scenario.tables.T1 as string;
    key = await addApiKey(db(), restaurantId);
    uninstall = (
      await installTestRuntime({
        db: db(),
        env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "100000", RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "100000" },
      })
    ).uninstall;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const stats = () => bookableTimesCacheStats(db().kysely);
  const day = () => availability(key, DATE, PARTY);
  const at1900 = (answer: TBookableTimes) => answer.times.find((t) => t.time === "19:00");
  /**
   * Asks until an answer comes from the cache (the first may compute) and checks it equals the computed one;
   * returns 19:00. More than two calls only when a transaction elsewhere on the server (another test file's
   * database: the in-flight list is the cluster's) committed meanwhile, which makes the next call compute again.
   */
  const warm = async () => {
    const first = await day();
    for (let attempt = 0; attempt < 10; attempt++) {
      const before = stats();
      const again = await day();
      expect(again).toEqual(first);
      if (stats().hits === before.hits + 1) return at1900(again);
    }
    throw new Error("no answer from the cache in 10 calls");
  };
  /** The next answer after a change: computed again (a miss), never the stale cached one. */
  const afterChange = async () => {
    const before = stats();
    const answer = await day();
    expect(stats()).toEqual({ hits: before.hits, misses: before.misses + 1 });
    return at1900(answer);
  };
  /** A phone booking over 19:00 that waits for tables, made 10 minutes ago (stuck: no tables set aside for it). */
  const stuckBooking = async () => {
    const booking = await seedBooking(db(), { restaurantId, partySize: 2, startsAt: `${DATE}T19:00`, guestName: "W" });
    await sql`update bookings set created_at = now() - interval '10 minutes' where id = ${booking.bookingId}`.execute(
      db().kysely,
    );
    return booking;
  };

  it("answers a repeated request from the cache, exactly as computed", async () => {
    expect(await warm()).toMatchObject({ time: "19:00", available: true });
    // Another party size is another entry.
    const before = stats();
    await availability(key, DATE, 1);
    expect(stats().misses).toBe(before.misses + 1);
  });

  it("takes the time at once when a booking commits, and frees it at once when it is cancelled", async () => {
    const offered = await warm();
    const response = await postBooking(key, { partySize: PARTY, startsAt: offered?.startsAt as string });
    const booking = await response.json();
    expect(booking).toMatchObject({ status: "confirmed" });
    expect(await afterChange()).toMatchObject({ available: false, reason: "no_table" });
    expect(await warm()).toMatchObject({ available: false, reason: "no_table" });

    const cancelled = await DELETE(
      new Request(`http://localhost/api/bookings/${booking.reference}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${key}` },
      }),
      routeParams({ reference: booking.reference }),
    );
    expect(cancelled.status).toBe(200);
    expect(await afterChange()).toMatchObject({ available: true });
  });

  it("takes the time while a hold is live, frees it on release, and when a hold lapses with no event", async () => {
    const waiting = await stuckBooking();
    expect(await warm()).toMatchObject({ available: true });
    const hold = await createHold({
      db: db(),
      restaurantId,
      bookingId: waiting.bookingId,
      tableIds: [table],
      actor: SEED_ACTOR,
    });
    expect(await afterChange()).toMatchObject({ reason: "no_table" });
    expect(await warm()).toMatchObject({ reason: "no_table" });
    await releaseHold({ db: db(), restaurantId, holdId: hold.body.holdId, actor: SEED_ACTOR });
    expect(await afterChange()).toMatchObject({ available: true });

    // A hold that lapses in 1.5 s: nothing is written when it does, the cached "no_table" must end with it.
    const short = await createHold({
      db: db(),
      restaurantId,
      bookingId: waiting.bookingId,
      tableIds: [table],
      actor: SEED_ACTOR,
    });
    await sql`update holds set expires_at = now() + interval '1500 milliseconds' where id = ${short.body.holdId}`.execute(
      db().kysely,
    );
    await sql`update allocations set expires_at = now() + interval '1500 milliseconds'
              where hold_id = ${short.body.holdId}`.execute(db().kysely);
    expect(await warm()).toMatchObject({ reason: "no_table" });
    const { version } = await readBookingsVersion(db().kysely, { restaurantId, watch: [] });
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect((await readBookingsVersion(db().kysely, { restaurantId, watch: [] })).version.eventId).toBe(version.eventId);
    expect(await afterChange()).toMatchObject({ available: true });
    await sql`delete from holds where id = ${short.body.holdId}`.execute(db().kysely);
    await sql`delete from bookings where id = ${waiting.bookingId}`.execute(db().kysely);
  });

  it("takes the time at once when its table is deactivated, and offers it again when reactivated", async () => {
    expect(await warm()).toMatchObject({ available: true });
    await db().kysely.updateTable("tables").set({ active: false }).where("id", "=", table).execute();
    expect(await afterChange()).toMatchObject({ reason: "no_table" });
    await db().kysely.updateTable("tables").set({ active: true }).where("id", "=", table).execute();
    expect(await afterChange()).toMatchObject({ available: true });
  });

  it("refuses for pacing at once when the cap is lowered", async () => {
    expect(await warm()).toMatchObject({ available: true });
    await db()
      .kysely.updateTable("service_periods")
      .set({ pacing_online_covers_per_slot: 1 })
      .where("restaurant_id", "=", restaurantId)
      .execute();
    expect(await afterChange()).toMatchObject({ reason: "pacing" });
    await db()
      .kysely.updateTable("service_periods")
      .set({ pacing_online_covers_per_slot: null })
      .where("restaurant_id", "=", restaurantId)
      .execute();
    expect(await afterChange()).toMatchObject({ available: true });
  });

  it("computes every time while a booking made within the last minute waits for tables (answers move with the clock)", async () => {
    const fresh = await seedBooking(db(), { restaurantId, partySize: 2, startsAt: `${DATE}T21:00`, guestName: "N" });
    await afterChange();
    await afterChange();
    await sql`delete from bookings where id = ${fresh.bookingId}`.execute(db().kysely);
    expect(await afterChange()).toMatchObject({ available: true });
    await warm();
  });

  // Sequence ids are taken at insert and seen at commit: a transaction that took its event id BEFORE another
  // committed one commits later with an id below the newest, which then does not move. (PostgreSQL only: PGlite
  // has one connection, so no transaction is ever open beside a read.)
  // PostgreSQL only (PGlite has one connection, so no transaction is in flight beside another): defined there alone.
  (kind === "postgres" ? it : () => {})(
    "sees a change committed late with an event id below the newest one",
    async () => {
      const offered = await warm();
      const booked = await (await postBooking(key, { partySize: PARTY, startsAt: offered?.startsAt as string })).json();
      expect(await afterChange()).toMatchObject({ reason: "no_table" });
      let written: () => void = () => undefined;
      let commit: () => void = () => undefined;
      const isWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const mayCommit = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const late = db()
        .kysely.transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{
            id: string;
          }>`select b.id from bookings b where b.reference = ${booked.reference}`.execute(trx);
          await sql`delete from allocations where booking_id = ${rows[0]?.id}`.execute(trx);
          written();
          await mayCommit;
        });
      await isWritten;
      // A change that commits first, with a higher event id (another date: it does not touch 19:00).
      await seedBooking(db(), { restaurantId, partySize: 2, startsAt: `${inDays(26)}T19:00`, guestName: "Other" });
      await sql`update bookings set created_at = now() - interval '10 minutes' where guest_name = 'Other'`.execute(
        db().kysely,
      );
      expect(await afterChange()).toMatchObject({ reason: "no_table" });
      expect(await warm()).toMatchObject({ reason: "no_table" });
      commit();
      await late;
      expect(await afterChange()).toMatchObject({ available: true });
    },
  );
});
