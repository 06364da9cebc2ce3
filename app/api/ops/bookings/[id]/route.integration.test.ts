import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { createHold } from "@/server/assignment/create-hold";
import { transitionBooking } from "@/server/booking/transition-booking";
import { type EveningScenario, SEED_ACTOR, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "../route";
import { GET, PATCH } from "./route";

/**
 * GET and PATCH /api/ops/bookings/{id} through the real handlers on PGlite and PostgreSQL: the detail (history
 * with who/what/when/why, attempts with diagnostics, notifications, the live hold), and edits that keep the
 * tables, re-plan onto others, or go to review — each a new version with a history row; STALE_VERSION with the
 * booking as it is now; auth (401, 404 for another restaurant's booking, cross-origin refused), refusals write nothing.
 */
type TBooking = {
  id: string;
  reference: string;
  status: string;
  version: number;
  startsAt: string;
  endsAt: string;
  partySize: number;
  notes: string | null;
  tables: { id: string; name: string }[];
  allowedEvents: string[];
};
type TDetail = TBooking & {
  history: {
    version: number;
    event: string;
    from: string | null;
    to: string;
    actor: { type: string; id: string | null; name: string | null };
    reason: string | null;
    metadata: Record<string, unknown>;
    at: string;
  }[];
  assignmentAttempts: { outcome: string; trigger: string; diagnostics: Record<string, unknown>; tableIds: string[] }[];
  notifications: { kind: string; status: string; sentAt: string | null }[];
  activeHold: { id: string; tableIds: string[]; expiresAt: string } | null;
};
type TEdit = { outcome: string; booking: TBooking };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const DAY = inDays(9);

describeEachBackend("/api/ops/bookings/{id}", ({ db }) => {
  // Two separate two-tops (no merges): a party of 4 fits nowhere.
  let venue: EveningScenario;
  let other: EveningScenario;
  let host: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let key = 0;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db(), {
      servicePeriod: { opensAt: "11:00", lastSeatingAt: "21:30", closesAt: "23:30" },
      tables: [
        { label: "A", capacity: 2 },
        { label: "B", capacity: 2 },
      ],
    });
    other = await setupEveningScenario(db());
    host = await seedStaffMember(db().kysely, {
      secret,
      name: "Hana Host",
      memberships: [[venue.restaurantId, "host"]],
    });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const book = async (at: string, extra: Record<string, unknown> = {}): Promise<TBooking> => {
    const response = await POST(
      staffRequest("/api/ops/bookings", {
        method: "POST",
        staff: host,
        idempotencyKey: `detail-key-${++key}`,
        body: {
          restaurantId: venue.restaurantId,
          source: "phone",
          partySize: 2,
          startsAt: `${DAY}T${at}`,
          guestName: "Grace Hopper",
          guestEmail: "grace@example.org",
          ...extra,
        },
      }),
    );
    expect(response.status).toBe(201);
    return (await response.json()) as TBooking;
  };
  /** Moves a booking onto exactly these tables (the planner's choice would make the scenarios flaky). */
  const placeOn = async (booking: TBooking, label: string): Promise<TBooking> => {
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.id,
      tableIds: [venue.tables[label] as string],
      actor: SEED_ACTOR,
    });
    return detail(booking.id);
  };
  const read = (id: string, staff: TTestStaff | null = host) =>
    GET(staffRequest(`/api/ops/bookings/${id}`, { staff }), routeParams({ id }));
  const detail = async (id: string): Promise<TDetail> => {
    const response = await read(id);
    expect(response.status).toBe(200);
    return (await response.json()) as TDetail;
  };
  const edit = (
    id: string,
    body: unknown,
    { staff = host, origin }: { staff?: TTestStaff | null; origin?: string } = {},
  ) =>
    PATCH(
      staffRequest(`/api/ops/bookings/${id}`, { method: "PATCH", staff, body, ...(origin ? { origin } : {}) }),
      routeParams({ id }),
    );
  const edited = async (id: string, body: unknown): Promise<TEdit> => {
    const response = await edit(id, body);
    expect(response.status).toBe(200);
    return (await response.json()) as TEdit;
  };
  const historyCount = async (bookingId: string) =>
    Number(
      (
        await db()
          .kysely.selectFrom("booking_state_history")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("booking_id", "=", bookingId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("shows history (who, what, when, why), attempts with diagnostics, notifications and the live hold", async () => {
    const asHost = { type: "staff", id: host.id, role: "host" } as const;
    const booking = await book("11:00", { notes: "window seat please" });
    const dropped = await book("11:00");
    await transitionBooking({
      db: db(),
      bookingId: dropped.id,
      event: { type: "CANCEL" },
      actor: asHost,
      reason: "guest called to cancel",
    });
    const otherTable = booking.tables[0]?.name === "A" ? "B" : "A";
    await createHold({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.id,
      tableIds: [venue.tables[otherTable] as string],
      actor: asHost,
    });
    await db()
      .kysely.insertInto("notifications")
      .values({
        restaurant_id: venue.restaurantId,
        booking_id: booking.id,
        kind: "booking_confirmed",
        dedupe_key: `test:${booking.id}`,
        recipient: "grace@example.org",
        subject: "Your table",
        body_text: "See you",
        body_html: "<p>See you</p>",
        status: "sent",
        sent_at: new Date(),
      })
      .execute();
    const shown = await detail(booking.id);
    expect(shown).toMatchObject({ id: booking.id, reference: booking.reference, notes: "window seat please" });
    expect(shown.history[0]).toMatchObject({ event: "CREATE", from: null, to: "created", version: 0 });
    expect(shown.history[0]?.actor).toEqual({ type: "staff", id: host.id, name: "Hana Host" });
    expect(shown.history.map((h) => h.version)).toEqual(shown.history.map((_, i) => i));
    expect(shown.history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect(shown.version).toBe(shown.history.at(-1)?.version);
    const inline = shown.assignmentAttempts.find((a) => a.trigger === "inline");
    expect(inline?.outcome).toBe("assigned");
    expect(Object.keys(inline?.diagnostics ?? {}).length).toBeGreaterThan(0);
    expect(shown.notifications).toEqual([
      { id: expect.any(String), kind: "booking_confirmed", status: "sent", sentAt: expect.any(String) },
    ]);
    expect(shown.activeHold?.tableIds).toEqual([venue.tables[otherTable]]);
    const cancelled = await detail(dropped.id);
    expect(cancelled.history.at(-1)).toMatchObject({
      event: "CANCEL",
      to: "cancelled",
      reason: "guest called to cancel",
      actor: { type: "staff", id: host.id, name: "Hana Host" },
    });
    expect(cancelled.allowedEvents).toEqual([]);
    expect(cancelled.activeHold).toBeNull();
  });

  it("keeps the tables when they still fit the new time, with a new version and an EDIT history row", async () => {
    const booking = await placeOn(await book("13:00"), "A");
    const rows = await historyCount(booking.id);
    const result = await edited(booking.id, { expectedVersion: booking.version, startsAt: `${DAY}T13:30` });
    expect(result.outcome).toBe("kept_tables");
    expect(result.booking.tables.map((t) => t.name)).toEqual(["A"]);
    expect(result.booking.version).toBe(booking.version + 1);
    expect(new Date(result.booking.startsAt).getTime() - new Date(booking.startsAt).getTime()).toBe(30 * 60_000);
    expect(await historyCount(booking.id)).toBe(rows + 1);
    const row = (await detail(booking.id)).history.at(-1);
    expect(row).toMatchObject({ event: "EDIT", from: booking.status, to: booking.status });
    expect(row?.metadata).toMatchObject({ keptTables: true, before: { startsAt: booking.startsAt } });
    // The allocation moved with the booking.
    const during = await db()
      .kysely.selectFrom("allocations")
      .select("during")
      .where("booking_id", "=", booking.id)
      .where("kind", "=", "assignment")
      .executeTakeFirstOrThrow();
    expect(String(during.during)).toContain(":30:00");
  });

  it("re-plans onto another table when its own is taken in the new window", async () => {
    const blocker = await placeOn(await book("19:30"), "A");
    const booking = await placeOn(await book("17:45"), "A");
    expect(blocker.tables.map((t) => t.name)).toEqual(["A"]);
    const result = await edited(booking.id, { expectedVersion: booking.version, startsAt: `${DAY}T19:00` });
    expect(result.outcome).toBe("reassigned");
    expect(result.booking.tables.map((t) => t.name)).toEqual(["B"]);
    expect(["assigned", "confirmed"]).toContain(result.booking.status);
    const events = (await detail(booking.id)).history.map((h) => h.event);
    expect(events.slice(-5)).toEqual(
      expect.arrayContaining(["EDIT", "UNASSIGN", "START_ASSIGNMENT", "ASSIGNMENT_SUCCEEDED"]),
    );
  });

  it("goes to manual review when no table seats the changed party", async () => {
    const booking = await placeOn(await book("17:00"), "B");
    const result = await edited(booking.id, { expectedVersion: booking.version, partySize: 4 });
    expect(result.outcome).toBe("manual_review");
    expect(result.booking).toMatchObject({ status: "manual_review", partySize: 4, tables: [] });
    const shown = await detail(booking.id);
    expect(shown.assignmentAttempts.at(-1)?.outcome).toBe("no_plan");
  });

  it("edits notes alone as kept_tables, and an edit that changes nothing as unchanged (no new version)", async () => {
    const booking = await book("13:00");
    const noted = await edited(booking.id, { expectedVersion: booking.version, notes: "birthday: Zoë 🎂" });
    expect(noted.outcome).toBe("kept_tables");
    expect(noted.booking.notes).toBe("birthday: Zoë 🎂");
    expect(noted.booking.version).toBe(booking.version + 1);
    const same = await edited(booking.id, { expectedVersion: noted.booking.version, notes: "birthday: Zoë 🎂" });
    expect(same.outcome).toBe("unchanged");
    expect(same.booking.version).toBe(noted.booking.version);
    const cleared = await edited(booking.id, { expectedVersion: noted.booking.version, notes: null });
    expect(cleared.booking.notes).toBeNull();
  });

  it("refuses to move a booking into a slot whose pacing cap is reached, or into the past; its own covers count once", async () => {
    await db()
      .kysely.updateTable("service_periods")
      .set({ pacing_covers_per_slot: 4 })
      .where("restaurant_id", "=", venue.restaurantId)
      .execute();
    try {
      const first = await book("12:15");
      await book("12:15");
      const mover = await book("12:45");
      const before = await historyCount(mover.id);
      const full = await edit(mover.id, { expectedVersion: mover.version, startsAt: `${DAY}T12:15` });
      expect(full.status).toBe(409);
      expect(await full.json()).toMatchObject({ code: "PACING_LIMIT", covers: 4, cap: 4 });
      expect(await historyCount(mover.id)).toBe(before);
      expect((await detail(mover.id)).startsAt).toBe(mover.startsAt);

      // Growing a party inside its own slot: its own 2 covers are not counted twice (2 + 2 others = 4 ≤ 4 → 3 + 2 > 4).
      const current = await detail(first.id);
      const grown = await edit(first.id, { expectedVersion: current.version, partySize: 3 });
      expect(grown.status).toBe(409);
      expect(await grown.json()).toMatchObject({ code: "PACING_LIMIT", covers: 2, cap: 4 });

      const past = await edit(mover.id, { expectedVersion: mover.version, startsAt: "2020-01-03T12:15" });
      expect(past.status).toBe(400);
      expect(await past.json()).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "body.startsAt" }] });
    } finally {
      await db()
        .kysely.updateTable("service_periods")
        .set({ pacing_covers_per_slot: null })
        .where("restaurant_id", "=", venue.restaurantId)
        .execute();
    }
  });

  it("answers 409 STALE_VERSION with the booking as it is now, writing nothing", async () => {
    const booking = await book("15:00");
    const moved = await edited(booking.id, { expectedVersion: booking.version, notes: "first" });
    const rows = await historyCount(booking.id);
    const response = await edit(booking.id, { expectedVersion: booking.version, notes: "second" });
    expect(response.status).toBe(409);
    const problem = (await response.json()) as { code: string; hint: string; current: TBooking };
    expect(problem.code).toBe("STALE_VERSION");
    expect(problem.hint).toContain(String(moved.booking.version));
    expect(problem.current).toMatchObject({ id: booking.id, version: moved.booking.version, notes: "first" });
    expect(problem.current.tables).toEqual(moved.booking.tables);
    expect(await historyCount(booking.id)).toBe(rows);
  });

  it("refuses a new time for a seated party, bad input, other restaurants, no session and cross-origin edits", async () => {
    const seated = await placeOn(await book("21:00"), "B");
    const id = seated.id;
    const rows = await historyCount(id);
    const cases: [string, Promise<Response>, number, string][] = [
      ["no fields", edit(id, { expectedVersion: seated.version }), 400, "VALIDATION_FAILED"],
      ["no version", edit(id, { notes: "x" }), 400, "VALIDATION_FAILED"],
      [
        "impossible date",
        edit(id, { expectedVersion: seated.version, startsAt: `${DAY.slice(0, 8)}32T19:00` }),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "outside service",
        edit(id, { expectedVersion: seated.version, startsAt: `${DAY}T04:00` }),
        422,
        "OUTSIDE_SERVICE",
      ],
      ["huge party", edit(id, { expectedVersion: seated.version, partySize: 1000 }), 400, "VALIDATION_FAILED"],
      [
        "no session",
        edit(id, { expectedVersion: seated.version, notes: "x" }, { staff: null }),
        401,
        "UNAUTHENTICATED",
      ],
      [
        "cross-origin",
        edit(id, { expectedVersion: seated.version, notes: "x" }, { origin: "https://evil.example" }),
        403,
        "FORBIDDEN",
      ],
      [
        "another restaurant",
        edit(id, { expectedVersion: seated.version, notes: "x" }, { staff: stranger }),
        404,
        "NOT_FOUND",
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(status);
      expect(((await response.json()) as { code: string }).code, name).toBe(code);
    }
    expect(await historyCount(id)).toBe(rows);
    expect((await read(id, null)).status).toBe(401);
    const foreign = await read(id, stranger);
    const missing = await read("00000000-0000-4000-8000-000000000000", stranger);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await read("not-a-uuid")).status).toBe(404);
  });

  it("refuses to move a checked-in party (INVALID_TRANSITION) but lets its notes change", async () => {
    const booking = await placeOn(await book("21:15"), "A");
    // The machine's clock at the party's arrival (check-in opens shortly before the start).
    await transitionBooking({
      db: db(),
      bookingId: booking.id,
      event: { type: "CHECK_IN" },
      actor: SEED_ACTOR,
      now: new Date(booking.startsAt),
    });
    const seated = await detail(booking.id);
    expect(seated.status).toBe("checked_in");
    const moved = await edit(booking.id, { expectedVersion: seated.version, startsAt: `${DAY}T21:30` });
    expect(moved.status).toBe(409);
    expect(((await moved.json()) as { code: string }).code).toBe("INVALID_TRANSITION");
    const noted = await edited(booking.id, { expectedVersion: seated.version, notes: "allergic to nuts" });
    expect(noted.outcome).toBe("kept_tables");
    expect(noted.booking.status).toBe("checked_in");
  });
});
