import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { isDomainError } from "@/server/errors/domain-error";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import { confirmHold } from "./confirm-hold";
import { createHold } from "./create-hold";
import {
  countRows,
  expectDomainError,
  historyOf,
  host,
  raceBehindLock,
  splitSettled,
  tablesOf,
} from "./testing/assignment-test-kit";
import { unassignTables } from "./unassign-tables";

describeEachBackend("idempotent assignment writes", ({ db, kind }) => {
  let venue: EveningScenario;
  let day = 0;
  const t = (label: string) => venue.tables[label] as string;
  const book = (party: number) => venue.book({ party, at: "19:00", date: `2027-05-${String(++day).padStart(2, "0")}` });
  const hold = (bookingId: string, labels: string[]) =>
    createHold({ db: db(), restaurantId: venue.restaurantId, bookingId, tableIds: labels.map(t), actor: host });
  const confirm = (holdId: string, idempotencyKey: string) =>
    confirmHold({ db: db(), restaurantId: venue.restaurantId, holdId, actor: host, idempotencyKey });

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  it("hashes requests canonically (key order does not matter, values do)", () => {
    expect(hashRequest({ a: 1, b: [1, 2] })).toBe(hashRequest({ b: [1, 2], a: 1 }));
    expect(hashRequest({ a: 1, b: [1, 2] })).not.toBe(hashRequest({ a: 1, b: [2, 1] }));
  });

  it("replays a confirm with the same key: same status and body, nothing new written", async () => {
    const booking = await book(4);
    const { body: held } = await hold(booking.bookingId, ["A"]);
    const first = await confirm(held.holdId, "confirm-1");
    const counts = {
      history: await countRows(db().kysely, "booking_state_history"),
      allocations: await countRows(db().kysely, "allocations"),
    };
    const replay = await confirm(held.holdId, "confirm-1");
    expect(first.replayed).toBe(false);
    expect(replay.replayed).toBe(true);
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(await countRows(db().kysely, "booking_state_history")).toBe(counts.history);
    expect(await countRows(db().kysely, "allocations")).toBe(counts.allocations);
  });

  it("refuses the same key for another request (other hold / other tables)", async () => {
    const booking = await book(4);
    const { body: held } = await hold(booking.bookingId, ["B"]);
    await confirm(held.holdId, "confirm-2");
    const other = await book(4);
    const { body: otherHold } = await hold(other.bookingId, ["C"]);
    await expectDomainError(confirm(otherHold.holdId, "confirm-2"), "IDEMPOTENCY_KEY_REUSED");
    await expectDomainError(
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        tableIds: [t("D")],
        actor: host,
        idempotencyKey: "confirm-2",
      }),
      "IDEMPOTENCY_KEY_REUSED",
    );
    expect(await tablesOf(db().kysely, other.bookingId)).toEqual([]);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("B")]);
  });

  it("after unassign, a new assignment with a new key succeeds (no stale ledger)", async () => {
    const booking = await book(4);
    const { body: held } = await hold(booking.bookingId, ["A"]);
    const first = await confirm(held.holdId, "assign-a");
    await unassignTables({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      actor: host,
      idempotencyKey: "unassign-a",
    });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
    const { body: again } = await hold(booking.bookingId, ["B"]);
    const second = await confirm(again.holdId, "assign-b");
    expect(second.replayed).toBe(false);
    expect(second.body).toMatchObject({ status: "assigned", tableIds: [t("B")] });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("B")]);
    // The old key still answers with its own, original response and changes nothing.
    const old = await confirm(held.holdId, "assign-a");
    expect(old).toEqual({ ...first, replayed: true });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("B")]);
  });

  it("does not remember failures: the same key runs again once the cause is gone", async () => {
    const blocker = await book(4);
    const booking = await venue.book({ party: 4, at: "19:30", date: `2027-05-${String(day).padStart(2, "0")}` });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: blocker.bookingId,
      tableIds: [t("C")],
      actor: host,
    });
    const attempt = () =>
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        tableIds: [t("C")],
        actor: host,
        idempotencyKey: "retry-me",
      });
    await expectDomainError(attempt(), "TABLE_CONFLICT");
    expect(
      await db().kysely.selectFrom("idempotency_keys").where("key", "=", "retry-me").selectAll().execute(),
    ).toEqual([]);
    await unassignTables({ db: db(), restaurantId: venue.restaurantId, bookingId: blocker.bookingId, actor: host });
    expect((await attempt()).body.tableIds).toEqual([t("C")]);
  });

  it("an expired key starts afresh", async () => {
    const booking = await book(2);
    const commit = (labels: string[]) =>
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        tableIds: labels.map(t),
        actor: host,
        idempotencyKey: "short-lived",
      });
    await commit(["A"]);
    await sql`update idempotency_keys set created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
              where key = 'short-lived'`.execute(db().kysely);
    const fresh = await commit(["D"]);
    expect(fresh.replayed).toBe(false);
    expect(fresh.body.tableIds).toEqual([t("D")]);
  });

  it("concurrent requests with one key execute once; the others replay", async () => {
    const booking = await book(4);
    const send = () =>
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId: booking.bookingId,
        tableIds: [t("B")],
        actor: host,
        idempotencyKey: "burst",
      });
    const race = () => Promise.allSettled(Array.from({ length: 8 }, send));
    const { result } =
      kind === "postgres"
        ? await raceBehindLock(db(), {
            lock: (tx) => sql`lock table idempotency_keys in share mode`.execute(tx),
            waiting: 8,
            race,
          })
        : { result: await race() };
    const { fulfilled, rejected } = splitSettled(result);
    // A loser that waited beyond the lock timeout may say IN_PROGRESS; none may execute a second time.
    expect(rejected.every((e) => isDomainError(e, "IDEMPOTENCY_IN_PROGRESS"))).toBe(true);
    expect(fulfilled.filter((r) => !r.replayed)).toHaveLength(1);
    const bodies = new Set(fulfilled.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    const assigns = (await historyOf(db().kysely, booking.bookingId)).filter((h) => h.event === "MANUAL_ASSIGN");
    expect(assigns).toHaveLength(1);
  });
});
