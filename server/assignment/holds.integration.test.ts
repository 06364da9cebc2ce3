import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { transitionBooking } from "@/server/booking/transition-booking";
import { type EveningScenario, expireHold, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import { confirmHold } from "./confirm-hold";
import { createHold } from "./create-hold";
import { releaseHold } from "./release-hold";
import { sweepExpiredHolds } from "./sweep-expired-holds";
import {
  bookingState,
  coordinator,
  countRows,
  expectDomainError,
  historyOf,
  host,
  sortedIds,
  tablesOf,
} from "./testing/assignment-test-kit";

describeEachBackend("holds", ({ db }) => {
  let venue: EveningScenario;
  let day = 0;
  const t = (label: string) => venue.tables[label] as string;
  // Each test books on its own evening so tests never share a table window.
  const book = (party: number, at = "19:00") =>
    venue.book({ party, at, date: `2027-04-${String(++day).padStart(2, "0")}` });
  const bookSameEvening = (party: number, at = "19:00") =>
    venue.book({ party, at, date: `2027-04-${String(day).padStart(2, "0")}` });
  const hold = (bookingId: string, labels: string[], extra: { ttlSeconds?: number } = {}) =>
    createHold({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      tableIds: labels.map(t),
      actor: host,
      ...extra,
    });
  const confirm = (holdId: string, extra: { idempotencyKey?: string } = {}) =>
    confirmHold({ db: db(), restaurantId: venue.restaurantId, holdId, actor: host, ...extra });
  const commit = (bookingId: string, labels: string[]) =>
    commitAssignment({ db: db(), restaurantId: venue.restaurantId, bookingId, tableIds: labels.map(t), actor: host });

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  it("expires after the restaurant's TTL (120 s by default), never at the meal's end", async () => {
    const booking = await book(2);
    const { body, status } = await hold(booking.bookingId, ["A"]);
    expect(status).toBe(201);
    const row = await db()
      .kysely.selectFrom("holds")
      .select([sql<number>`extract(epoch from expires_at - created_at)::int`.as("ttl"), "context_version"])
      .where("id", "=", body.holdId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ttl: 120, context_version: 2 });
    expect(body).toMatchObject({ ttlSeconds: 120, tableIds: [t("A")], contextVersion: 2 });
    expect(await tablesOf(db().kysely, booking.bookingId, "hold")).toEqual([t("A")]);
  });

  it.each([
    { ttlSeconds: 30, ok: true },
    { ttlSeconds: 600, ok: true },
    { ttlSeconds: 29, ok: false },
    { ttlSeconds: 601, ok: false },
  ])("accepts a TTL of $ttlSeconds s → $ok", async ({ ttlSeconds, ok }) => {
    const booking = await book(2);
    if (ok) expect((await hold(booking.bookingId, ["B"], { ttlSeconds })).body.ttlSeconds).toBe(ttlSeconds);
    else await expectDomainError(hold(booking.bookingId, ["B"], { ttlSeconds }), "VALIDATION_FAILED");
  });

  it("a live hold blocks every other booking, but its own booking confirms it", async () => {
    const owner = await book(4);
    const rival = await bookSameEvening(4, "19:30");
    const { body: held } = await hold(owner.bookingId, ["C"]);
    const conflict = await expectDomainError(commit(rival.bookingId, ["C"]), "TABLE_CONFLICT");
    expect(conflict.meta.conflicts).toEqual([
      expect.objectContaining({ kind: "hold", holdId: held.holdId, reference: owner.reference }),
    ]);
    await expectDomainError(hold(rival.bookingId, ["C"]), "TABLE_CONFLICT");
    const confirmed = await confirm(held.holdId);
    expect(confirmed.body).toMatchObject({ status: "assigned", fromStatus: "assignment_pending", tableIds: [t("C")] });
    expect(await tablesOf(db().kysely, owner.bookingId)).toEqual([t("C")]);
    expect(await tablesOf(db().kysely, owner.bookingId, "hold")).toEqual([]);
    expect(await db().kysely.selectFrom("holds").where("id", "=", held.holdId).select("id").execute()).toEqual([]);
    expect((await historyOf(db().kysely, owner.bookingId)).at(-1)).toMatchObject({
      from_status: "assignment_pending",
      to_status: "assigned",
      event: "MANUAL_ASSIGN",
      version: 3,
    });
  });

  it("an expired hold never blocks a commit (lazy expiry removes it)", async () => {
    const owner = await book(4);
    const rival = await bookSameEvening(4);
    const { body: held } = await hold(owner.bookingId, ["D"]);
    await expireHold(db().kysely, held.holdId);
    const result = await commit(rival.bookingId, ["D"]);
    expect(result.body.tableIds).toEqual([t("D")]);
    expect(await db().kysely.selectFrom("holds").where("id", "=", held.holdId).select("id").execute()).toEqual([]);
  });

  it("an expired hold cannot be confirmed, and the failed confirm changes nothing", async () => {
    const booking = await book(4);
    const { body: held } = await hold(booking.bookingId, ["A"]);
    await expireHold(db().kysely, held.holdId);
    const before = await bookingState(db().kysely, booking.bookingId);
    const error = await expectDomainError(confirm(held.holdId), "HOLD_EXPIRED");
    expect(error.meta).toMatchObject({ holdId: held.holdId, reason: "expired" });
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
  });

  it("a failed confirm leaves the booking's existing tables and status untouched", async () => {
    const booking = await book(4);
    await commit(booking.bookingId, ["A"]);
    const { body: held } = await hold(booking.bookingId, ["B"]);
    await db().kysely.updateTable("tables").set({ active: false }).where("id", "=", t("B")).execute();
    try {
      const before = await bookingState(db().kysely, booking.bookingId);
      const historyBefore = await countRows(db().kysely, "booking_state_history");
      await expectDomainError(confirm(held.holdId), "TABLE_UNAVAILABLE");
      expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("A")]);
      expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
      expect(await countRows(db().kysely, "booking_state_history")).toBe(historyBefore);
      expect(await tablesOf(db().kysely, booking.bookingId, "hold")).toEqual([t("B")]);
    } finally {
      await db().kysely.updateTable("tables").set({ active: true }).where("id", "=", t("B")).execute();
    }
  });

  it("moves a placed booking through a hold that keeps one of its tables (A → A+B)", async () => {
    const booking = await book(4);
    await commit(booking.bookingId, ["A"]);
    await db().kysely.updateTable("bookings").set({ party_size: 7 }).where("id", "=", booking.bookingId).execute();
    const { body: held } = await hold(booking.bookingId, ["A", "B"]);
    // A is already the booking's own table: only B needs a hold allocation.
    expect(await tablesOf(db().kysely, booking.bookingId, "hold")).toEqual([t("B")]);
    const confirmed = await confirm(held.holdId);
    expect(confirmed.body).toMatchObject({ fromStatus: "assigned", status: "assigned" });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual(sortedIds(venue.tables, ["A", "B"]));
    const groups = await db()
      .kysely.selectFrom("allocations")
      .select("assignment_group")
      .distinct()
      .where("booking_id", "=", booking.bookingId)
      .execute();
    expect(groups).toHaveLength(1);
  });

  it("refuses a hold taken before the booking changed (STALE_VERSION)", async () => {
    const booking = await book(2);
    const { body: held } = await hold(booking.bookingId, ["C"]);
    await transitionBooking({
      db: db(),
      bookingId: booking.bookingId,
      event: { type: "START_ASSIGNMENT" },
      actor: coordinator,
    });
    const error = await expectDomainError(confirm(held.holdId), "STALE_VERSION");
    expect(error.meta).toMatchObject({ currentVersion: 3 });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
  });

  it("a new hold for the same booking replaces the previous one", async () => {
    const booking = await book(2);
    const first = await hold(booking.bookingId, ["A"]);
    const second = await hold(booking.bookingId, ["B"]);
    expect(await tablesOf(db().kysely, booking.bookingId, "hold")).toEqual([t("B")]);
    await expectDomainError(confirm(first.body.holdId), "HOLD_EXPIRED");
    expect((await confirm(second.body.holdId)).body.tableIds).toEqual([t("B")]);
  });

  it("release frees the tables at once and is idempotent", async () => {
    const owner = await book(4);
    const rival = await bookSameEvening(4);
    const { body: held } = await hold(owner.bookingId, ["A"]);
    const release = () => releaseHold({ db: db(), restaurantId: venue.restaurantId, holdId: held.holdId, actor: host });
    expect(await release()).toMatchObject({ released: true, bookingId: owner.bookingId });
    expect(await release()).toMatchObject({ released: false });
    expect((await commit(rival.bookingId, ["A"])).body.tableIds).toEqual([t("A")]);
  });

  it("the sweeper deletes expired holds only", async () => {
    const a = await book(2);
    const b = await bookSameEvening(2);
    const live = await hold(a.bookingId, ["A"]);
    const stale = await hold(b.bookingId, ["B"]);
    await expireHold(db().kysely, stale.body.holdId);
    const { deleted } = await sweepExpiredHolds({ db: db() });
    expect(deleted).toBeGreaterThanOrEqual(1);
    const remaining = await db().kysely.selectFrom("holds").select("id").execute();
    expect(remaining.map((r) => r.id)).toContain(live.body.holdId);
    expect(remaining.map((r) => r.id)).not.toContain(stale.body.holdId);
    expect(await tablesOf(db().kysely, b.bookingId, "hold")).toEqual([]);
  });
});
