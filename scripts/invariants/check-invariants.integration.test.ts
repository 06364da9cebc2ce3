import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/infra/db/open-db";
import { describeEachBackend } from "@/server/testing/test-db";
import { checkInvariants, INVARIANTS, inReadOnlySnapshot } from "./invariant-queries";
import { plantDuplicateNotification, setupPlacedEvening, type TPlacedEvening } from "./invariant-test-scenario";
import type { TInvariantFilter, TInvariantReport } from "./invariant-types";

/**
 * The invariant checker on both backends: a clean evening passes; then each invariant, broken on purpose in a
 * restaurant of its own (the schema's constraints and triggers forbid most breaks, so the plant sidesteps them
 * and puts them back), is reported — and it alone.
 */
describeEachBackend("invariant checker", ({ db }) => {
  let clean: TPlacedEvening;

  beforeAll(async () => {
    clean = await setupPlacedEvening(db());
  });

  const run = (query: ReturnType<typeof sql>) => query.execute(db().kysely);
  const violated = (report: TInvariantReport) =>
    report.results.filter((r) => r.status === "violated").map((r) => r.name);
  const violationsOf = (report: TInvariantReport, name: string) =>
    report.results.find((r) => r.name === name)?.violations ?? [];

  /**
   * A fresh evening broken by `plant`, checked on its restaurant only; `plant` may return an undo that runs after
   * the check (putting a dropped constraint back needs the planted row gone).
   */
  const checkBroken = async (
    plant: (evening: TPlacedEvening, db: Db) => Promise<(() => Promise<void>) | undefined>,
    filter: TInvariantFilter = {},
  ) => {
    const evening = await setupPlacedEvening(db());
    const undo = await plant(evening, db());
    try {
      return { evening, report: await checkInvariants(db(), { restaurantId: evening.venue.restaurantId, ...filter }) };
    } finally {
      await undo?.();
    }
  };

  it("passes a clean evening of real bookings (merge, confirmation, cancellation, live hold)", async () => {
    const report = await checkInvariants(db(), { restaurantId: clean.venue.restaurantId, date: "2027-03-05" });
    expect(report.results.map((r) => [r.name, r.status])).toEqual(
      INVARIANTS.map((i) => [i.name, i.name === "accepted_bookings_not_lost" ? "skipped" : "ok"]),
    );
    expect(report).toMatchObject({ ok: true, violationCount: 0 });
    // Not an empty evening: A (confirmed), B+C (merged) and D (held) are allocated.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from allocations
      where restaurant_id = ${clean.venue.restaurantId}`.execute(db().kysely);
    expect(rows[0]?.n).toBe(4);
    expect((await checkInvariants(db())).ok).toBe(true);
  });

  it("runs read-only: a write inside its snapshot is refused", async () => {
    const write = inReadOnlySnapshot(db(), (tx) =>
      sql`update tables set capacity = capacity where id = ${clean.venue.tables.A}`.execute(tx),
    );
    await expect(write).rejects.toThrow(/read-only transaction/);
  });

  it("1: two allocations of one table overlapping in time", async () => {
    const { evening, report } = await checkBroken(async (e) => {
      await run(sql`alter table allocations drop constraint allocations_no_overlap`);
      // The waiting booking gets table A over the confirmed booking's window (it is not placed: no policy check).
      await run(sql`insert into allocations (restaurant_id, table_id, booking_id, kind, during, assignment_group)
                    select restaurant_id, table_id, ${e.held.id}, 'assignment', during, gen_random_uuid()
                      from allocations where booking_id = ${e.confirmed.id}`);
      return async () => {
        await run(sql`delete from allocations where booking_id = ${e.held.id} and kind = 'assignment'`);
        await run(sql`alter table allocations add constraint allocations_no_overlap
                      exclude using gist (table_id with =, during with &&)`);
      };
    });
    expect(violated(report)).toEqual(["no_overlapping_allocations"]);
    const [overlap] = violationsOf(report, "no_overlapping_allocations");
    expect(overlap?.details).toMatchObject({ table: "A" });
    expect([overlap?.details.referenceA, overlap?.details.referenceB].sort()).toEqual(
      [evening.confirmed.reference, evening.held.reference].sort(),
    );
  });

  it("2: a live allocation on a table taken out of service", async () => {
    const { evening, report } = await checkBroken(async (e) => {
      await run(sql`update tables set active = false where id = ${e.venue.tables.A}`);
      return undefined;
    });
    expect(violated(report)).toEqual(["no_allocation_on_inactive_table"]);
    expect(violationsOf(report, "no_allocation_on_inactive_table").map((v) => v.details)).toEqual([
      expect.objectContaining({ reference: evening.confirmed.reference, table: "A", kind: "assignment" }),
    ]);
  });

  it("3: a party its tables do not seat within policy, and a merge no longer connected", async () => {
    const { evening, report } = await checkBroken(async (e) => {
      // Nine guests on one four-top; the link B–C of the merged six-top removed.
      await run(sql`update bookings set party_size = 9 where id = ${e.confirmed.id}`);
      await run(sql`delete from table_adjacency where restaurant_id = ${e.venue.restaurantId}
                      and ${e.venue.tables.B} in (table_a, table_b) and ${e.venue.tables.C} in (table_a, table_b)`);
      return undefined;
    });
    expect(violated(report)).toEqual(["placed_bookings_seated_within_policy"]);
    const breaches = violationsOf(report, "placed_bookings_seated_within_policy").map((v) => v.details);
    expect(breaches).toHaveLength(2);
    expect(breaches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reference: evening.confirmed.reference, tables: "A", check: "capacity" }),
        expect.objectContaining({ reference: evening.merged.reference, tables: "B+C", check: "connected" }),
      ]),
    );
  });

  it("3: a manager's recorded waiver excuses exactly the tables it was given for", async () => {
    const { report } = await checkBroken(async (e) => {
      await run(sql`update bookings set party_size = 9 where id = ${e.confirmed.id}`);
      // As confirm_hold records an override on the assignment's history row (metadata.override + tableIds).
      await run(sql`update booking_state_history set metadata = metadata || jsonb_build_object(
                      'override', jsonb_build_object('waive', jsonb_build_array('capacity'), 'reason', 'birthday'),
                      'tableIds', jsonb_build_array(${e.venue.tables.A}::text))
                    where booking_id = ${e.confirmed.id} and event = 'MANUAL_ASSIGN'`);
      return undefined;
    });
    expect(report.ok).toBe(true);
  });

  it("4: a status change without its history row", async () => {
    const { evening, report } = await checkBroken(async (e) => {
      // A valid edge with a new version passes the trigger; only the history row is missing.
      await run(sql`update bookings set status = 'confirmed', state_version = state_version + 1
                    where id = ${e.merged.id}`);
      return undefined;
    });
    expect(violated(report)).toEqual(["history_follows_machine"]);
    expect(violationsOf(report, "history_follows_machine").map((v) => v.details.problem)).toEqual([
      "missing_rows",
      "status_mismatch",
    ]);
    expect(violationsOf(report, "history_follows_machine")[0]?.details).toMatchObject({
      reference: evening.merged.reference,
    });
  });

  it("4: a history row whose from → to is no transition of the machine", async () => {
    const { evening, report } = await checkBroken(async (e) => {
      await run(sql`alter table bookings disable trigger bookings_enforce_transition`);
      try {
        // confirmed → completed skips the check-in: the machine has no such edge.
        await run(sql`update bookings set status = 'completed', state_version = state_version + 1
                      where id = ${e.confirmed.id}`);
      } finally {
        await run(sql`alter table bookings enable trigger bookings_enforce_transition`);
      }
      await run(sql`insert into booking_state_history (booking_id, restaurant_id, from_status, to_status, event,
                                                       actor_type, version)
                    select id, restaurant_id, 'confirmed', 'completed', 'COMPLETE', 'system', state_version
                      from bookings where id = ${e.confirmed.id}`);
      return undefined;
    });
    expect(violated(report)).toEqual(["history_follows_machine"]);
    expect(violationsOf(report, "history_follows_machine").map((v) => v.details)).toEqual([
      expect.objectContaining({
        problem: "not_a_machine_edge",
        reference: evening.confirmed.reference,
        from: "confirmed",
        to: "completed",
      }),
    ]);
  });

  it("5: two notifications of one kind for one booking", async () => {
    const { evening, report } = await checkBroken(async (e, d) => {
      await plantDuplicateNotification(d.kysely, e);
      return undefined;
    });
    expect(violated(report)).toEqual(["one_notification_per_booking_and_kind"]);
    expect(violationsOf(report, "one_notification_per_booking_and_kind").map((v) => v.details)).toEqual([
      expect.objectContaining({ reference: evening.confirmed.reference, kind: "booking_confirmed", count: 2 }),
    ]);
  });

  it("6: a hold alive past its expiry plus the sweep interval", async () => {
    const stale = async (e: TPlacedEvening) => {
      await run(sql`update holds set created_at = now() - interval '1 hour', expires_at = now() - interval '10 minutes'
                    where id = ${e.held.holdId}`);
      await run(
        sql`update allocations set expires_at = now() - interval '10 minutes' where hold_id = ${e.held.holdId}`,
      );
      return undefined;
    };
    const { evening, report } = await checkBroken(stale);
    expect(violated(report)).toEqual(["no_hold_past_expiry_and_sweep"]);
    expect(violationsOf(report, "no_hold_past_expiry_and_sweep").map((v) => v.details)).toEqual([
      expect.objectContaining({
        row: "hold",
        holdId: evening.held.holdId,
        reference: evening.held.reference,
        tables: "D",
      }),
    ]);
    // Ten minutes overdue is within a sweep interval of an hour.
    expect((await checkInvariants(db(), { restaurantId: evening.venue.restaurantId, holdSweepSeconds: 3600 })).ok).toBe(
      true,
    );
  });

  it("7: an accepted booking lost, one still transient, one acknowledged cancel not cancelled", async () => {
    const evening = await setupPlacedEvening(db());
    const accepted = (settleGraceSeconds?: number): TInvariantFilter => ({
      restaurantId: evening.venue.restaurantId,
      settleGraceSeconds,
      accepted: {
        accepted: [evening.confirmed, evening.merged, evening.cancelled, evening.held, { reference: "ZZZZ9999" }],
        cancelled: [evening.cancelled.reference, evening.confirmed.reference],
      },
    });
    // With the default grace the waiting booking (assignment_pending, changed seconds ago) is still in flight.
    const fresh = await checkInvariants(db(), accepted());
    expect(violated(fresh)).toEqual(["accepted_bookings_not_lost"]);
    expect(
      violationsOf(fresh, "accepted_bookings_not_lost")
        .map((v) => `${v.details.problem} ${v.details.reference}`)
        .sort(),
    ).toEqual([`missing ZZZZ9999`, `not_cancelled ${evening.confirmed.reference}`]);
    const late = await checkInvariants(db(), accepted(0));
    expect(violationsOf(late, "accepted_bookings_not_lost").map((v) => v.details)).toContainEqual(
      expect.objectContaining({
        problem: "unsettled",
        reference: evening.held.reference,
        status: "assignment_pending",
      }),
    );
    expect(violationsOf(late, "accepted_bookings_not_lost")).toHaveLength(3);
  });
});
