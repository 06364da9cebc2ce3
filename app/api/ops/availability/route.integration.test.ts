import { randomUUID } from "node:crypto";
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendToReview } from "@/app/api/ops/review/review-test-kit";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { createHold } from "@/server/assignment/create-hold";
import { host as hostActor } from "@/server/assignment/testing/assignment-test-kit";
import { getOpsAvailability } from "@/server/availability/get-ops-availability";
import {
  type TOpsAvailabilityResponse,
  type TTimelineTable,
  ZOpsAvailabilityResponseSchema,
} from "@/server/availability/ops-availability-schema";
import { transitionBooking } from "@/server/booking/transition-booking";
import type { Queryable } from "@/server/infra/db/open-db";
import {
  type EveningScenario,
  SEED_ACTOR,
  seedRestaurant,
  seedServicePeriod,
  seedTables,
  seedZone,
  setupEveningScenario,
} from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET } from "./route";

/**
 * GET /api/ops/availability through the real route handler on PGlite and PostgreSQL: a seeded evening with an
 * assignment, a merge, a hold, a booking waiting for tables and a table out of service, read back as the timeline
 * and heatmap; a DST change day's slots; a busy day read in a fixed number of queries; 401, 404 and 400.
 */
const DATE = "2027-03-05";
const Z = (hhmm: string, date = DATE) => `${date}T${hhmm}:00.000Z`;

describeEachBackend("GET /api/ops/availability", ({ db }) => {
  let venue: EveningScenario;
  let host: TTestStaff;
  let secret = "";
  let uninstall: (() => Promise<void>) | undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db(), {
      date: DATE,
      servicePeriod: { pacingCoversPerSlot: 10, pacingOnlineCoversPerSlot: 6 },
    });
    const terrace = await seedZone(db().kysely, { restaurantId: venue.restaurantId, name: "Terrace" });
    Object.assign(
      venue.tables,
      await seedTables(db().kysely, {
        restaurantId: venue.restaurantId,
        zoneId: terrace.id,
        tables: [{ label: "E", capacity: 6, active: false }],
      }),
    );
    ids.terrace = terrace.id;
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });

    const t = (label: string) => venue.tables[label] as string;
    const commit = (bookingId: string, labels: string[]) =>
      commitAssignment({
        db: db(),
        restaurantId: venue.restaurantId,
        bookingId,
        tableIds: labels.map(t),
        actor: hostActor,
      });
    const b1 = await venue.book({ party: 2, at: "18:00", guestName: "Ada" });
    await commit(b1.bookingId, ["A"]);
    const b2 = await venue.book({ party: 7, at: "19:00", guestName: "Grace" });
    await commit(b2.bookingId, ["C", "D"]);
    const b3 = await venue.book({ party: 2, at: "20:00", guestName: "Linus", source: "online" });
    const hold = await createHold({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: b3.bookingId,
      tableIds: [t("B")],
      actor: hostActor,
      ttlSeconds: 600,
    });
    const b4 = await venue.book({ party: 4, at: "18:30", guestName: "Waiting" });
    Object.assign(ids, {
      b1: b1.bookingId,
      b2: b2.bookingId,
      b3: b3.bookingId,
      b4: b4.bookingId,
      hold: hold.body.holdId,
    });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const read = async (query: string, staff: TTestStaff | null = host) =>
    GET(staffRequest(`/api/ops/availability?${query}`, { staff }));
  const readDay = async (restaurantId = venue.restaurantId, date = DATE, staff = host) => {
    const response = await read(`restaurantId=${restaurantId}&date=${date}`, staff);
    expect(response.status).toBe(200);
    return ZOpsAvailabilityResponseSchema.parse(await response.json()) as TOpsAvailabilityResponse;
  };
  const rowOf = (day: TOpsAvailabilityResponse, label: string) =>
    day.timeline.find((row) => row.name === label) as TTimelineTable;
  const shape = (row: TTimelineTable) => row.segments.map((s) => [s.kind, s.start.slice(11, 16), s.end.slice(11, 16)]);
  const statusOf = async (bookingId: string) =>
    (await db().kysely.selectFrom("bookings").select("status").where("id", "=", bookingId).executeTakeFirstOrThrow())
      .status;

  it("shows every table's evening: an assignment, a merge on both tables, a hold, a table out of service", async () => {
    const day = await readDay();
    expect(day).toMatchObject({ date: DATE, timezone: "Europe/London", slotMinutes: 15 });
    expect(day.window).toEqual({ start: Z("17:00"), end: Z("23:30") });
    expect(day.periods).toEqual([
      expect.objectContaining({ name: "Dinner", start: Z("17:00"), lastSeatingAt: Z("21:30"), end: Z("23:30") }),
    ]);
    expect(day.timeline.map((row) => [row.name, row.zone.name, row.active])).toEqual([
      ["A", "Main", true],
      ["B", "Main", true],
      ["C", "Main", true],
      ["D", "Main", true],
      ["E", "Terrace", false],
    ]);
    expect(shape(rowOf(day, "A"))).toEqual([
      ["free", "17:00", "18:00"],
      ["booking", "18:00", "19:45"],
      ["free", "19:45", "23:30"],
    ]);
    expect(rowOf(day, "A").segments[1]).toMatchObject({
      bookingId: ids.b1,
      guestName: "Ada",
      partySize: 2,
      status: await statusOf(ids.b1 as string),
      tableIds: [venue.tables.A],
    });
    const merged = [venue.tables.C, venue.tables.D].sort();
    for (const label of ["C", "D"]) {
      expect(shape(rowOf(day, label))).toEqual([
        ["free", "17:00", "19:00"],
        ["booking", "19:00", "21:45"],
        ["free", "21:45", "23:30"],
      ]);
      expect(rowOf(day, label).segments[1]).toMatchObject({ bookingId: ids.b2, partySize: 7, tableIds: merged });
    }
    expect(shape(rowOf(day, "B"))).toEqual([
      ["free", "17:00", "20:00"],
      ["hold", "20:00", "21:45"],
      ["free", "21:45", "23:30"],
    ]);
    const held = rowOf(day, "B").segments[1];
    expect(held).toMatchObject({ bookingId: ids.b3, holdId: ids.hold, guestName: "Linus", tableIds: [venue.tables.B] });
    expect(Date.parse(held?.expiresAt ?? "") - Date.now()).toBeGreaterThan(500_000);
    expect(shape(rowOf(day, "E"))).toEqual([["out_of_service", "17:00", "23:30"]]);
    // The tray: bookings still without tables, the held one marked (its hold is on B above).
    expect(day.unassigned).toEqual([
      expect.objectContaining({
        bookingId: ids.b4,
        guestName: "Waiting",
        partySize: 4,
        startsAt: Z("18:30"),
        held: false,
      }),
      expect.objectContaining({ bookingId: ids.b3, guestName: "Linus", startsAt: Z("20:00"), held: true }),
    ]);
  });

  it("carries the start of each booking's own notes to its block and tray chip (allergies show on the timeline)", async () => {
    const setNotes = (bookingId: string, notes: string | null) =>
      db().kysely.updateTable("bookings").set({ notes }).where("id", "=", bookingId).execute();
    const long = `Severe nut allergy. ${"Window seat please. ".repeat(10)}`;
    await setNotes(ids.b1 as string, "Severe nut allergy");
    await setNotes(ids.b4 as string, long);
    await setNotes(ids.b2 as string, "   ");
    try {
      const day = await readDay();
      expect(rowOf(day, "A").segments[1]?.note).toBe("Severe nut allergy");
      expect(rowOf(day, "C").segments[1]?.note).toBeUndefined();
      const waiting = day.unassigned.find((b) => b.bookingId === ids.b4);
      expect(waiting?.note).toHaveLength(120);
      expect(waiting?.note?.endsWith("…")).toBe(true);
      expect(waiting?.note?.startsWith("Severe nut allergy.")).toBe(true);
    } finally {
      for (const id of [ids.b1, ids.b2, ids.b4]) await setNotes(id as string, null);
    }
  });

  it("gives a tray booking in review its reason code, and none to one still being placed", async () => {
    const inReview = await venue.book({ party: 2, at: "21:00", guestName: "Reviewed" });
    await sendToReview(db(), { restaurantId: venue.restaurantId, bookingId: inReview.bookingId, reason: "NO_PLAN" });
    try {
      const day = await readDay();
      expect(day.unassigned.find((b) => b.bookingId === inReview.bookingId)).toMatchObject({
        status: "manual_review",
        reviewReason: "NO_PLAN",
      });
      expect(day.unassigned.find((b) => b.bookingId === ids.b4)?.reviewReason).toBeUndefined();
    } finally {
      await transitionBooking({
        db: db(),
        bookingId: inReview.bookingId,
        event: { type: "CANCEL" },
        actor: SEED_ACTOR,
      });
    }
  });

  it("has the heatmap's seats in use, share and covers against the pacing caps", async () => {
    const day = await readDay();
    const [main, terrace] = day.heatmap.zones;
    expect([main?.zone.name, terrace?.zone.name]).toEqual(["Main", "Terrace"]);
    const cells = day.heatmap.total.cells;
    expect(cells).toHaveLength(26);
    const cell = (time: string) => cells.find((c) => c.time === time);
    // 16 seats (A–D, 4 each); E is out of service. The hold on B is not a seat in use.
    expect(
      [cell("17:45"), cell("18:00"), cell("19:00"), cell("19:45"), cell("20:00")].map((c) => [c?.seatsInUse, c?.share]),
    ).toEqual([
      [0, 0],
      [4, 0.25],
      [12, 0.75],
      [8, 0.5],
      [8, 0.5],
    ]);
    expect(cells.every((c) => c.seats === 16)).toBe(true);
    expect(terrace?.cells.every((c) => c.seats === 0 && c.seatsInUse === 0 && c.share === 0)).toBe(true);
    // Pacing counts every live booking starting in the slot, tables or not; the zone row only those seated in it.
    expect(
      ["18:00", "18:30", "19:00", "20:00"].map((time) => [
        cell(time)?.coversStarting,
        cell(time)?.onlineCoversStarting,
      ]),
    ).toEqual([
      [2, 0],
      [4, 0],
      [7, 0],
      [2, 2],
    ]);
    expect(
      ["18:00", "18:30", "19:00", "20:00"].map((time) => main?.cells.find((c) => c.time === time)?.coversStarting),
    ).toEqual([2, 0, 7, 0]);
    expect([cell("17:00"), cell("21:30"), cell("21:45")].map((c) => [c?.pacingCap, c?.onlinePacingCap])).toEqual([
      [10, 6],
      [10, 6],
      [undefined, undefined],
    ]);
  });

  describe("on a DST change day", () => {
    it("has no slots in the spring-forward gap (Europe/London 2026-03-29)", async () => {
      const london = await seedRestaurant(db().kysely, { timezone: "Europe/London" });
      await seedServicePeriod(db().kysely, {
        restaurantId: london.id,
        name: "Late",
        opensAt: "00:00",
        lastSeatingAt: "02:30",
        closesAt: "03:00",
      });
      const staff = await seedStaffMember(db().kysely, { secret, memberships: [[london.id, "host"]] });
      const day = await readDay(london.id, "2026-03-29", staff);
      expect(day.heatmap.total.cells.map((c) => c.time)).toEqual([
        "00:00",
        "00:15",
        "00:30",
        "00:45",
        "02:00",
        "02:15",
        "02:30",
        "02:45",
      ]);
      expect(day.heatmap.total.cells[4]?.slotStart).toBe("2026-03-29T01:00:00.000Z");
      expect(day.window).toEqual({ start: "2026-03-29T00:00:00.000Z", end: "2026-03-29T02:00:00.000Z" });
    });

    it("keeps dinner on the local clock across the change (America/New_York 2026-03-08)", async () => {
      const ny = await seedRestaurant(db().kysely, { timezone: "America/New_York" });
      await seedServicePeriod(db().kysely, {
        restaurantId: ny.id,
        opensAt: "17:00",
        lastSeatingAt: "21:30",
        closesAt: "23:00",
      });
      const staff = await seedStaffMember(db().kysely, { secret, memberships: [[ny.id, "host"]] });
      const before = await readDay(ny.id, "2026-03-07", staff);
      const after = await readDay(ny.id, "2026-03-08", staff);
      expect(before.window).toEqual({ start: "2026-03-07T22:00:00.000Z", end: "2026-03-08T04:00:00.000Z" });
      expect(after.window).toEqual({ start: "2026-03-08T21:00:00.000Z", end: "2026-03-09T03:00:00.000Z" });
      for (const day of [before, after]) {
        const times = day.heatmap.total.cells.map((c) => c.time);
        expect(times).toHaveLength(24);
        expect([times[0], times[8], times.at(-1)]).toEqual(["17:00", "19:00", "22:45"]);
      }
    });
  });

  it("reads a busy day (60 tables, 250 bookings) in three queries, however many bookings", async () => {
    const busy = await seedBusyDay(db().kysely, { date: DATE, tables: 60, bookings: 250 });
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: ({ node }) => {
        queries += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const day = await getOpsAvailability({
      db: db().kysely.withPlugin(counting),
      restaurantId: busy.restaurantId,
      date: DATE,
      now: new Date(),
    });
    expect(queries).toBe(3);
    expect(day.timeline).toHaveLength(60);
    const onTables = new Set(
      day.timeline.flatMap((row) => row.segments.flatMap((s) => (s.bookingId ? [s.bookingId] : []))),
    );
    expect(onTables.size + day.unassigned.length).toBe(250);
    expect(day.heatmap.zones).toHaveLength(3);
  });

  it("answers 401 without a session, 404 for a restaurant the caller is not a member of, 400 for a bad query", async () => {
    const other = await setupEveningScenario(db());
    const expectProblem = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await response.json()) as { code: string; hint?: string };
      expect(problem.code).toBe(code);
      expect(problem.hint).toBeTruthy();
    };
    await expectProblem(await read(`restaurantId=${venue.restaurantId}&date=${DATE}`, null), 401, "UNAUTHENTICATED");
    await expectProblem(await read(`restaurantId=${other.restaurantId}&date=${DATE}`), 404, "NOT_FOUND");
    await expectProblem(await read(`restaurantId=00000000-0000-4000-8000-000000000000&date=${DATE}`), 404, "NOT_FOUND");
    for (const query of [
      `restaurantId=${venue.restaurantId}`,
      `restaurantId=${venue.restaurantId}&date=2027-02-30`,
      `restaurantId=${venue.restaurantId}&date=05/03/2027`,
      `restaurantId=${venue.restaurantId}&date=1999-12-31`,
      `restaurantId=${venue.restaurantId}&date=9999-12-31`,
      `restaurantId=${venue.restaurantId}&date=2027-03-05T19:00`,
      `restaurantId=not-a-uuid&date=${DATE}`,
      `date=${DATE}`,
    ]) {
      await expectProblem(await read(query), 400, "VALIDATION_FAILED");
    }
  });
});

/**
 * A busy evening written in bulk (raw rows, not the use cases: this is about reading it): `tables` tables in three
 * zones, every table booked four times back to back from 17:00, and the rest of `bookings` waiting for tables.
 */
async function seedBusyDay(
  db: Queryable,
  { date, tables, bookings }: { date: string; tables: number; bookings: number },
): Promise<{ restaurantId: string }> {
  const restaurant = await seedRestaurant(db, { timezone: "Europe/London" });
  await seedServicePeriod(db, { restaurantId: restaurant.id });
  const tableIds: string[] = [];
  for (const name of ["Main", "Terrace", "Bar"]) {
    const zone = await seedZone(db, { restaurantId: restaurant.id, name });
    const specs = Array.from({ length: tables / 3 }, (_, i) => ({
      label: `${name[0]}${i + 1}`,
      capacity: 2 + (i % 3) * 2,
    }));
    tableIds.push(
      ...Object.values(await seedTables(db, { restaurantId: restaurant.id, zoneId: zone.id, tables: specs })),
    );
  }
  const starts = ["17:00", "18:30", "20:00", "21:30"];
  const rows = Array.from({ length: bookings }, (_, i) => {
    const seated = i < tables * starts.length;
    const start = Date.parse(`${date}T${seated ? starts[i % starts.length] : "19:00"}:00Z`);
    return {
      id: randomUUID(),
      restaurant_id: restaurant.id,
      reference: `BUSY${String(i).padStart(4, "0")}`,
      guest_name: `Guest ${i}`,
      party_size: 2,
      starts_at: new Date(start),
      ends_at: new Date(start + 90 * 60_000),
      source: "phone" as const,
      service_period_id: null,
      guest_email: null,
      guest_phone: null,
      notes: null,
      preferred_zone_id: null,
      review_reason: null,
      idempotency_key: null,
      table: seated ? tableIds[Math.floor(i / starts.length)] : undefined,
    };
  });
  await db
    .insertInto("bookings")
    .values(rows.map(({ table: _table, ...row }) => row))
    .execute();
  await db
    .insertInto("allocations")
    .values(
      rows.flatMap((row) =>
        row.table
          ? [
              {
                restaurant_id: restaurant.id,
                table_id: row.table,
                booking_id: row.id,
                kind: "assignment" as const,
                during: `[${row.starts_at.toISOString()},${row.ends_at.toISOString()})`,
                assignment_group: randomUUID(),
              },
            ]
          : [],
      ),
    )
    .execute();
  return { restaurantId: restaurant.id };
}
