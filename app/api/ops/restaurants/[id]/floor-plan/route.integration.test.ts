import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as quote } from "@/app/api/staff/auto/quote/route";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { host as hostActor } from "@/server/assignment/testing/assignment-test-kit";
import {
  type TFloorPlan,
  type TFloorPlanResponse,
  type TSaveFloorPlanResponse,
  type TStrandedBooking,
  ZFloorPlanResponseSchema,
} from "@/server/setup/floor/floor-plan-schema";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as release } from "./release-bookings/route";
import { GET, PUT } from "./route";

type TProblem = { code: string; hint?: string; errors?: { path: string; message: string }[] } & Record<string, unknown>;

/**
 * The floor plan editor's API through the real route handlers, on PGlite and PostgreSQL: one versioned write of
 * the whole room; stale editors get 409 with the current plan; a change that would strand future bookings is
 * refused with the list (nothing written) until they are moved to review; the planner sees a save at once.
 */
describeEachBackend("/api/ops/restaurants/{id}/floor-plan", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let secret = "";

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    secret = installed.runtime.env.SESSION_SECRET;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  /** A fresh chain-of-4 room (A–B–C–D, 4 seats each) with its manager and host. */
  const room = async () => {
    const venue = await setupEveningScenario(db());
    const manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    const host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    return { venue, manager, host };
  };
  const path = (restaurantId: string) => `/api/ops/restaurants/${restaurantId}/floor-plan`;
  const read = (staff: TTestStaff, restaurantId: string) =>
    GET(staffRequest(path(restaurantId), { staff }), routeParams({ id: restaurantId }));
  const save = (staff: TTestStaff, restaurantId: string, body: unknown) =>
    PUT(staffRequest(path(restaurantId), { method: "PUT", staff, body }), routeParams({ id: restaurantId }));
  const releaseBookings = (staff: TTestStaff, restaurantId: string, bookingIds: string[]) =>
    release(
      staffRequest(`${path(restaurantId)}/release-bookings`, { method: "POST", staff, body: { bookingIds } }),
      routeParams({ id: restaurantId }),
    );
  const planOf = async (staff: TTestStaff, restaurantId: string): Promise<TFloorPlanResponse> => {
    const response = await read(staff, restaurantId);
    expect(response.status).toBe(200);
    return ZFloorPlanResponseSchema.parse(await response.json());
  };
  const edit = (plan: TFloorPlanResponse, change: (draft: TFloorPlan) => void) => {
    const { venueVersion, ...draft } = structuredClone(plan);
    change(draft);
    return { ...draft, expectedVenueVersion: venueVersion };
  };
  const table = (plan: TFloorPlan, label: string) => {
    const found = plan.tables.find((t) => t.label === label);
    if (!found) throw new Error(`no table ${label}`);
    return found;
  };
  const expectProblem = async (response: Response, status: number, code: string): Promise<TProblem> => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as TProblem;
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
    return problem;
  };
  const seat = async (venue: EveningScenario, party: number, labels: string[], at = "19:00") => {
    const booking = await venue.book({ party, at, guestName: `Guest of ${party}` });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: labels.map((l) => venue.tables[l] as string),
      actor: hostActor,
    });
    return booking;
  };

  it("reads the room in a stable order: zones, tables by label, links smaller id first", async () => {
    const { venue, manager } = await room();
    const plan = await planOf(manager, venue.restaurantId);
    expect(plan.zones).toHaveLength(1);
    expect(plan.tables.map((t) => t.label)).toEqual(["A", "B", "C", "D"]);
    expect(plan.adjacency).toHaveLength(3);
    for (const [a, b] of plan.adjacency) expect(a < b).toBe(true);
    expect(plan).toEqual(await planOf(manager, venue.restaurantId));
  });

  it("saves adds, moves, renames, resizes, zones and links in one write and bumps the venue version", async () => {
    const { venue, manager } = await room();
    const before = await planOf(manager, venue.restaurantId);
    const body = edit(before, (draft) => {
      draft.zones.push({ id: "new:terrace", name: "Terrace", color: "#22c55e", sortOrder: 1 });
      const a = table(draft, "A");
      a.x = 3.4;
      a.y = 1.2;
      table(draft, "B").label = "B2";
      Object.assign(table(draft, "C"), { width: 1.6, height: 0.9, capacity: 6, rotation: 90 });
      draft.tables.push({
        ...a,
        id: "new:e",
        zoneId: "new:terrace",
        label: "E",
        x: 8,
        y: 2,
        shape: "round",
        capacity: 2,
      });
      draft.adjacency = draft.adjacency.filter(
        ([x, y]) => ![x, y].includes(table(draft, "D").id) || ![x, y].includes(table(draft, "C").id),
      );
      draft.adjacency.push(["new:e", a.id]);
    });
    const response = await save(manager, venue.restaurantId, body);
    expect(response.status).toBe(200);
    const saved = (await response.json()) as TSaveFloorPlanResponse;
    expect(Object.keys(saved.idMap).sort()).toEqual(["new:e", "new:terrace"]);
    expect(saved.venueVersion).toBeGreaterThan(before.venueVersion);

    const after = await planOf(manager, venue.restaurantId);
    expect(after.venueVersion).toBe(saved.venueVersion);
    expect(after.tables.map((t) => t.label)).toEqual(["A", "B2", "C", "D", "E"]);
    expect(table(after, "A")).toMatchObject({ x: 3.4, y: 1.2 });
    expect(table(after, "C")).toMatchObject({ width: 1.6, height: 0.9, capacity: 6, rotation: 90 });
    expect(table(after, "E")).toMatchObject({ id: saved.idMap["new:e"], zoneId: saved.idMap["new:terrace"] });
    expect(after.zones.map((z) => z.name)).toEqual([before.zones[0]?.name, "Terrace"]);
    const linked = (x: string, y: string) =>
      after.adjacency.some(([a, b]) => (a === x && b === y) || (a === y && b === x));
    expect(linked(table(after, "C").id, table(after, "D").id)).toBe(false);
    expect(linked(table(after, "A").id, table(after, "E").id)).toBe(true);
    for (const [a, b] of after.adjacency) expect(a < b).toBe(true);

    // Two tables swap names, a table without history is deleted: one more save, no unique-name clash.
    const swap = edit(after, (draft) => {
      const [a, d] = [table(draft, "A"), table(draft, "D")];
      a.label = "D";
      d.label = "A";
      draft.tables = draft.tables.filter((t) => t.label !== "E");
      draft.zones = draft.zones.filter((z) => z.name !== "Terrace");
      draft.adjacency = draft.adjacency.filter(([a, b]) => a !== saved.idMap["new:e"] && b !== saved.idMap["new:e"]);
    });
    expect((await save(manager, venue.restaurantId, swap)).status).toBe(200);
    const swapped = await planOf(manager, venue.restaurantId);
    expect(table(swapped, "D").id).toBe(table(after, "A").id);
    expect(swapped.tables).toHaveLength(4);
    expect(swapped.zones).toHaveLength(1);
  });

  it("refuses invalid plans (400 shape, 422 references and duplicates) and writes nothing", async () => {
    const { venue, manager } = await room();
    const before = await planOf(manager, venue.restaurantId);
    const cases: [unknown, number, string, string | null][] = [
      [edit(before, (d) => Object.assign(table(d, "A"), { capacity: 0 })), 400, "VALIDATION_FAILED", null],
      [edit(before, (d) => Object.assign(table(d, "A"), { minParty: 6 })), 400, "VALIDATION_FAILED", null],
      [edit(before, (d) => (table(d, "B").label = "A")), 422, "FLOOR_PLAN_INVALID", "tables.1.label"],
      [edit(before, (d) => (table(d, "C").zoneId = "new:nowhere")), 422, "FLOOR_PLAN_INVALID", "tables.2.zoneId"],
      [
        edit(before, (d) => d.adjacency.push([table(d, "A").id, "new:ghost"])),
        422,
        "FLOOR_PLAN_INVALID",
        "adjacency.3",
      ],
      [
        edit(before, (d) =>
          d.zones.push({ id: "new:z", name: d.zones[0]?.name ?? "", color: "#000000", sortOrder: 2 }),
        ),
        422,
        "FLOOR_PLAN_INVALID",
        "zones.1.name",
      ],
    ];
    for (const [body, status, code, errorPath] of cases) {
      const problem = await expectProblem(await save(manager, venue.restaurantId, body), status, code);
      if (errorPath) expect(problem.errors?.map((e) => e.path)).toContain(errorPath);
    }
    expect(await planOf(manager, venue.restaurantId)).toEqual(before);
  });

  it("lets one of two saves from the same version win; the other gets 409 STALE with the current plan", async () => {
    const { venue, manager } = await room();
    const before = await planOf(manager, venue.restaurantId);
    const first = edit(before, (d) => (table(d, "A").label = "A-first"));
    const second = edit(before, (d) => (table(d, "B").label = "B-second"));
    const responses = await Promise.all([
      save(manager, venue.restaurantId, first),
      save(manager, venue.restaurantId, second),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = responses.find((r) => r.status === 409) as Response;
    const problem = await expectProblem(loser, 409, "STALE");
    const current = ZFloorPlanResponseSchema.parse(problem.current);
    const now = await planOf(manager, venue.restaurantId);
    expect(current).toEqual(now);
    expect(now.tables.map((t) => t.label).filter((l) => l.includes("-"))).toHaveLength(1);
  });

  it("refuses each change that would strand a future booking, listing them, and writes nothing", async () => {
    const { venue, manager } = await room();
    const onA = await seat(venue, 3, ["A"]);
    const merged = await seat(venue, 6, ["C", "D"], "20:00");
    const before = await planOf(manager, venue.restaurantId);
    const cases: [string, (d: TFloorPlan) => void, string, TStrandedBooking["reason"]][] = [
      ["deactivate A", (d) => (table(d, "A").active = false), onA.reference, "table_inactive"],
      [
        "A seats 2",
        (d) => Object.assign(table(d, "A"), { capacity: 2, minParty: 1 }),
        onA.reference,
        "capacity_below_party",
      ],
      [
        "unlink C–D",
        (d) => {
          const [c, dd] = [table(d, "C").id, table(d, "D").id];
          d.adjacency = d.adjacency.filter(([x, y]) => !([x, y].includes(c) && [x, y].includes(dd)));
        },
        merged.reference,
        "link_removed",
      ],
      [
        "D seats 1",
        (d) => Object.assign(table(d, "D"), { capacity: 1, minParty: 1 }),
        merged.reference,
        "capacity_below_party",
      ],
      [
        "delete A",
        (d) => {
          const a = table(d, "A").id;
          d.tables = d.tables.filter((t) => t.id !== a);
          d.adjacency = d.adjacency.filter(([x, y]) => x !== a && y !== a);
        },
        onA.reference,
        "table_removed",
      ],
    ];
    for (const [name, change, reference, reason] of cases) {
      const problem = await expectProblem(
        await save(manager, venue.restaurantId, edit(before, change)),
        409,
        "STRANDS_BOOKINGS",
      );
      const stranded = problem.stranded as TStrandedBooking[];
      expect(stranded, name).toHaveLength(1);
      expect(stranded[0], name).toMatchObject({ reference, reason });
      expect(stranded[0]?.detail.length, name).toBeGreaterThan(5);
    }
    // Everything at once lists both bookings.
    const all = edit(before, (d) => {
      table(d, "A").active = false;
      table(d, "D").active = false;
    });
    const problem = await expectProblem(await save(manager, venue.restaurantId, all), 409, "STRANDS_BOOKINGS");
    expect((problem.stranded as TStrandedBooking[]).map((s) => s.reference)).toEqual([onA.reference, merged.reference]);
    expect(await planOf(manager, venue.restaurantId)).toEqual(before);
  });

  it("moves the stranded bookings to review (history row each); then the save goes through", async () => {
    const { venue, manager } = await room();
    const onA = await seat(venue, 3, ["A"]);
    const before = await planOf(manager, venue.restaurantId);
    const body = edit(before, (d) => (table(d, "A").active = false));
    const refused = await expectProblem(await save(manager, venue.restaurantId, body), 409, "STRANDS_BOOKINGS");
    const ids = (refused.stranded as TStrandedBooking[]).map((s) => s.bookingId);

    const released = await releaseBookings(manager, venue.restaurantId, ids);
    expect(released.status).toBe(200);
    expect(await released.json()).toEqual({
      released: [{ bookingId: onA.bookingId, reference: onA.reference, status: "manual_review" }],
    });
    const row = await db()
      .kysely.selectFrom("bookings")
      .select(["status", "review_reason"])
      .where("id", "=", onA.bookingId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("manual_review");
    expect(row.review_reason).toContain("floor plan");
    const history = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["event", "to_status"])
      .where("booking_id", "=", onA.bookingId)
      .orderBy("version")
      .execute();
    expect(history.slice(-2)).toEqual([
      { event: "UNASSIGN", to_status: "assignment_pending" },
      { event: "REQUEST_REVIEW", to_status: "manual_review" },
    ]);
    const allocations = await db()
      .kysely.selectFrom("allocations")
      .select("id")
      .where("booking_id", "=", onA.bookingId)
      .execute();
    expect(allocations).toHaveLength(0);

    expect((await save(manager, venue.restaurantId, body)).status).toBe(200);
    expect(table(await planOf(manager, venue.restaurantId), "A").active).toBe(false);
  });

  describe("roles", () => {
    it("gives hosts 403 and other restaurants' managers 404, on every method", async () => {
      const { venue, manager, host } = await room();
      const other = await room();
      const plan = await planOf(manager, venue.restaurantId);
      const body = edit(plan, (d) => (table(d, "A").label = "Host was here"));
      await expectProblem(await read(host, venue.restaurantId), 403, "FORBIDDEN");
      await expectProblem(await save(host, venue.restaurantId, body), 403, "FORBIDDEN");
      await expectProblem(
        await releaseBookings(host, venue.restaurantId, [venue.tables.A as string]),
        403,
        "FORBIDDEN",
      );
      await expectProblem(await read(other.manager, venue.restaurantId), 404, "NOT_FOUND");
      await expectProblem(await save(other.manager, venue.restaurantId, body), 404, "NOT_FOUND");
      // A booking of another restaurant cannot be released through this one.
      const foreign = await seat(other.venue, 2, ["A"]);
      await expectProblem(await releaseBookings(manager, venue.restaurantId, [foreign.bookingId]), 404, "NOT_FOUND");
      expect(await planOf(manager, venue.restaurantId)).toEqual(plan);
    });
  });

  it("the planner sees a saved table on the very next quote", async () => {
    const { venue, manager, host } = await room();
    const booking = await venue.book({ party: 6, at: "19:00" });
    const ask = async () => {
      const response = await quote(
        staffRequest("/api/staff/auto/quote", { method: "POST", staff: host, body: { bookingId: booking.bookingId } }),
        routeParams({}),
      );
      expect(response.status).toBe(200);
      return (await response.json()) as { plan: { tableIds: string[] } | null; hold: { id: string } | null };
    };
    const first = await ask();
    expect(first.plan?.tableIds).toHaveLength(2);
    const plan = await planOf(manager, venue.restaurantId);
    const response = await save(
      manager,
      venue.restaurantId,
      edit(plan, (d) => d.tables.push({ ...table(d, "A"), id: "new:six", label: "Six", capacity: 6, x: 9 })),
    );
    expect(response.status).toBe(200);
    const saved = (await response.json()) as TSaveFloorPlanResponse;
    const second = await ask();
    expect(second.plan?.tableIds).toEqual([saved.idMap["new:six"]]);
  });
});
