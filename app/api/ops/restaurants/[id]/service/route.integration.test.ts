import { afterAll, beforeAll, expect, it } from "vitest";
import { addApiKey, availability, inDays, postBooking } from "@/app/api/availability/availability-test-kit";
import { GET as opsAvailability } from "@/app/api/ops/availability/route";
import type {
  TAddServiceExceptionResponse,
  TSaveServiceResponse,
  TServicePeriod,
  TServiceSettings,
} from "@/server/setup/service/service-settings-schema";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { zonedTimeToInstant } from "@/server/time/zoned-time";
import { DELETE as removeExceptionRoute } from "./exceptions/[exceptionId]/route";
import { POST as addExceptionRoute } from "./exceptions/route";
import { PUT as savePolicyRoute } from "./planner-policy/route";
import { GET, PUT } from "./route";

/**
 * /ops/setup/service's API through the real route handlers, on PGlite and PostgreSQL: a manager reads and saves the
 * weekly hours, booking window, date exceptions and planner policy, each write versioned (409 STALE with the
 * current settings), refused with the field named (422) and nothing written; hosts 403, other restaurants 404.
 * And the point of it all: GET /api/availability and POST /api/bookings follow a saved change on the very next
 * request — new hours, a closed day, special hours, a pacing cap, the online cut-off.
 */
const ZONE = "Europe/London";
const HOURS_DATE = inDays(12);
const CLOSED_DATE = inDays(13);
const SPECIAL_DATE = inDays(15);
const CAP_DATE = inDays(16);
const BOOKED_DATE = inDays(17);
const CUTOFF_DATE = inDays(3);

describeEachBackend("/api/ops/restaurants/{id}/service", ({ db, kind }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let manager: TTestStaff;
  let host: TTestStaff;
  let key = "";
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "10000", RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000" },
    });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db(), { timezone: ZONE });
    other = await setupEveningScenario(db(), { timezone: ZONE });
    manager = await seedStaffMember(db().kysely, {
      secret,
      memberships: [
        [venue.restaurantId, "manager"],
        [other.restaurantId, "host"],
      ],
    });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    key = await addApiKey(db(), venue.restaurantId);
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const path = (restaurantId: string) => `/api/ops/restaurants/${restaurantId}/service`;
  const read = (staff: TTestStaff | null = manager, restaurantId = venue.restaurantId) =>
    GET(staffRequest(path(restaurantId), { staff }), routeParams({ id: restaurantId }));
  const settings = async () => (await (await read()).json()) as TServiceSettings;
  const save = (body: unknown, staff: TTestStaff | null = manager, restaurantId = venue.restaurantId) =>
    PUT(staffRequest(path(restaurantId), { method: "PUT", staff, body }), routeParams({ id: restaurantId }));
  const addException = (body: unknown, staff: TTestStaff | null = manager, restaurantId = venue.restaurantId) =>
    addExceptionRoute(
      staffRequest(`${path(restaurantId)}/exceptions`, { method: "POST", staff, body }),
      routeParams({ id: restaurantId }),
    );
  const removeException = (exceptionId: string, version?: number, staff: TTestStaff | null = manager) =>
    removeExceptionRoute(
      staffRequest(
        `${path(venue.restaurantId)}/exceptions/${exceptionId}${version === undefined ? "" : `?expectedRulesVersion=${version}`}`,
        { method: "DELETE", staff },
      ),
      routeParams({ id: venue.restaurantId, exceptionId }),
    );
  const savePolicy = (body: unknown, staff: TTestStaff | null = manager) =>
    savePolicyRoute(
      staffRequest(`${path(venue.restaurantId)}/planner-policy`, { method: "PUT", staff, body }),
      routeParams({ id: venue.restaurantId }),
    );
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as {
      code: string;
      hint?: string;
      errors?: Array<{ path: string; message: string }>;
      [key: string]: unknown;
    };
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
    return problem;
  };
  const dinnerOf = (s: TServiceSettings) => s.periods.find((p) => p.name === "Dinner") as TServicePeriod;
  const openTimes = async (date: string, party = 2) =>
    (await availability(key, date, party)).times.filter((t) => t.available).map((t) => t.time);
  const startOn = (date: string, time: string) => zonedTimeToInstant({ date, time, timeZone: ZONE }).toISOString();

  it("reads the hours, booking window, exceptions and planner policy with the versions a save names", async () => {
    const response = await read();
    expect(response.status).toBe(200);
    const body = (await response.json()) as TServiceSettings;
    expect(body).toMatchObject({
      restaurantId: venue.restaurantId,
      timezone: ZONE,
      slotMinutes: 15,
      bookingHorizonDays: 365,
      bookingCutoffMinutes: 0,
      exceptions: [],
      plannerPolicy: { policy: { maxTablesPerPlan: 3, requireAdjacency: true }, weights: { optimalFit: 10 } },
    });
    expect(body.periods).toEqual([
      {
        id: expect.any(String),
        name: "Dinner",
        daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
        opensAt: "17:00",
        lastSeatingAt: "21:30",
        closesAt: "23:30",
        bufferMinutes: 15,
        pacingCoversPerSlot: null,
        pacingOnlineCoversPerSlot: null,
        active: true,
        turnTimes: [
          { maxPartySize: 2, turnMinutes: 90 },
          { maxPartySize: 4, turnMinutes: 105 },
          { maxPartySize: 6, turnMinutes: 120 },
          { maxPartySize: 12, turnMinutes: 150 },
        ],
      },
    ]);
    expect(body.rulesVersion).toBeGreaterThan(0);
  });

  it("saves new hours and a new service: availability offers them on the next request", async () => {
    expect(await openTimes(HOURS_DATE)).toContain("17:00");
    const before = await settings();
    const dinner = { ...dinnerOf(before), opensAt: "18:00", lastSeatingAt: "20:00", closesAt: "22:30" };
    const lunch = {
      name: "Lunch",
      daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
      opensAt: "12:00",
      lastSeatingAt: "13:30",
      closesAt: "15:00",
      bufferMinutes: 0,
      pacingCoversPerSlot: null,
      pacingOnlineCoversPerSlot: null,
      active: true,
      turnTimes: [{ maxPartySize: 8, turnMinutes: 75 }],
    };
    const response = await save({ expectedRulesVersion: before.rulesVersion, periods: [dinner, lunch] });
    expect(response.status).toBe(200);
    const saved = (await response.json()) as TSaveServiceResponse;
    expect(saved.rulesVersion).toBeGreaterThan(before.rulesVersion);
    expect(saved.deactivated).toEqual([]);
    expect(saved.periods.map((p) => [p.name, p.opensAt, p.lastSeatingAt, p.closesAt])).toEqual([
      ["Lunch", "12:00", "13:30", "15:00"],
      ["Dinner", "18:00", "20:00", "22:30"],
    ]);
    expect(await settings()).toMatchObject({ rulesVersion: saved.rulesVersion });

    const times = await openTimes(HOURS_DATE);
    expect(times).toEqual(["12:00", "12:15", "12:30", "12:45", "13:00", "13:15", "13:30", ...wall("18:00", "20:00")]);
    // And a booking at the old 17:00 start is refused.
    const refused = await postBooking(key, { partySize: 2, startsAt: startOn(HOURS_DATE, "17:00") });
    await expectProblem(refused, 422, "OUTSIDE_SERVICE");
  });

  it("refuses broken rules with 422 naming each field, and writes nothing", async () => {
    const before = await settings();
    const dinner = dinnerOf(before);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lastSeatingAt: "23:00", closesAt: "22:30" }, "periods.0.closesAt"],
      [{ opensAt: "21:00", lastSeatingAt: "20:00" }, "periods.0.lastSeatingAt"],
      [{ pacingCoversPerSlot: 10, pacingOnlineCoversPerSlot: 12 }, "periods.0.pacingOnlineCoversPerSlot"],
      [{ turnTimes: [{ maxPartySize: 4, turnMinutes: 600 }] }, "periods.0.turnTimes.0.turnMinutes"],
      [{ turnTimes: [{ maxPartySize: 0, turnMinutes: 90 }] }, "periods.0.turnTimes.0.maxPartySize"],
      [{ turnTimes: [] }, "periods.0.turnTimes"],
      [{ daysOfWeek: [] }, "periods.0.daysOfWeek"],
      [{ daysOfWeek: [1, 8] }, "periods.0.daysOfWeek"],
      [{ bufferMinutes: 500 }, "periods.0.bufferMinutes"],
      [{ name: "  " }, "periods.0.name"],
    ];
    for (const [change, field] of cases) {
      const response = await save({ expectedRulesVersion: before.rulesVersion, periods: [{ ...dinner, ...change }] });
      const problem = await expectProblem(response, 422, "SERVICE_RULES_INVALID");
      expect(problem.errors?.map((e) => e.path)).toContain(field);
    }
    for (const [window, field] of [
      [{ bookingHorizonDays: 0 }, "bookingHorizonDays"],
      [{ bookingCutoffMinutes: -5 }, "bookingCutoffMinutes"],
      [{ bookingCutoffMinutes: 20_000 }, "bookingCutoffMinutes"],
    ] as const) {
      const problem = await expectProblem(
        await save({ expectedRulesVersion: before.rulesVersion, ...window }),
        422,
        "SERVICE_RULES_INVALID",
      );
      expect(problem.errors?.map((e) => e.path)).toEqual([field]);
    }
    // Two services with one name, and an id that is not one of this restaurant's.
    const twice = await save({
      expectedRulesVersion: before.rulesVersion,
      periods: [dinner, { ...dinner, id: undefined }],
    });
    expect((await expectProblem(twice, 422, "SERVICE_RULES_INVALID")).errors?.[0]?.path).toBe("periods.1.name");
    const stranger = await save({
      expectedRulesVersion: before.rulesVersion,
      periods: [{ ...dinner, id: "00000000-0000-4000-8000-000000000000" }],
    });
    expect((await expectProblem(stranger, 422, "SERVICE_RULES_INVALID")).errors?.[0]?.path).toBe("periods.0.id");
    // Not even the right types: 400.
    for (const body of [
      {},
      { expectedRulesVersion: before.rulesVersion },
      { expectedRulesVersion: "one", bookingHorizonDays: 10 },
      { expectedRulesVersion: before.rulesVersion, periods: [{ ...dinner, opensAt: "6pm" }] },
      { expectedRulesVersion: before.rulesVersion, bookingHorizonDays: 1.5 },
    ]) {
      await expectProblem(await save(body), 400, "VALIDATION_FAILED");
    }
    expect(await settings()).toEqual(before);
  });

  it("refuses a save based on an older version with 409 STALE and the current settings", async () => {
    const before = await settings();
    const first = await save({ expectedRulesVersion: before.rulesVersion, bookingHorizonDays: 200 });
    expect(first.status).toBe(200);
    const stale = await save({ expectedRulesVersion: before.rulesVersion, bookingHorizonDays: 100 });
    const problem = await expectProblem(stale, 409, "STALE");
    const current = problem.current as TServiceSettings;
    expect(current.bookingHorizonDays).toBe(200);
    expect(current.rulesVersion).toBe(((await first.json()) as TServiceSettings).rulesVersion);
    expect((await settings()).bookingHorizonDays).toBe(200);

    // Two saves racing on the same version: one wins, the other is told (never a silent overwrite).
    const base = await settings();
    const raced = await Promise.all([
      save({ expectedRulesVersion: base.rulesVersion, bookingHorizonDays: 300 }),
      save({ expectedRulesVersion: base.rulesVersion, bookingHorizonDays: 365 }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = raced.find((r) => r.status === 200) as Response;
    expect((await settings()).bookingHorizonDays).toBe(((await winner.json()) as TServiceSettings).bookingHorizonDays);
    if (kind === "postgres") expect(raced.find((r) => r.status === 409)).toBeDefined();
  });

  it("answers 401 without a session, 403 to a host, 404 for another restaurant — writing nothing", async () => {
    const before = await settings();
    const body = { expectedRulesVersion: before.rulesVersion, bookingHorizonDays: 30 };
    await expectProblem(await read(null), 401, "UNAUTHENTICATED");
    await expectProblem(await read(host), 403, "FORBIDDEN");
    await expectProblem(await save(body, host), 403, "FORBIDDEN");
    await expectProblem(
      await addException({ ...body, date: CLOSED_DATE, servicePeriodId: null, kind: "closed" }, host),
      403,
      "FORBIDDEN",
    );
    await expectProblem(
      await savePolicy({ expectedVenueVersion: before.venueVersion, ...before.plannerPolicy }, host),
      403,
      "FORBIDDEN",
    );
    // A host of the other restaurant: 403 there; not a member at all: 404.
    await expectProblem(await read(manager, other.restaurantId), 403, "FORBIDDEN");
    await expectProblem(await read(host, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(await save(body, host, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(await read(manager, "not-a-restaurant"), 404, "NOT_FOUND");
    expect(await settings()).toEqual(before);
  });

  it("closes a date: no times, bookings refused, the day's bookings listed (not cancelled); removing reopens it", async () => {
    const booked = await venue.book({ party: 2, at: "18:30", date: CLOSED_DATE, guestName: "Ada Lovelace" });
    const before = await settings();
    expect((await openTimes(CLOSED_DATE)).length).toBeGreaterThan(0);

    const response = await addException({
      expectedRulesVersion: before.rulesVersion,
      date: CLOSED_DATE,
      servicePeriodId: null,
      kind: "closed",
      note: "Private party",
    });
    expect(response.status).toBe(201);
    const added = (await response.json()) as TAddServiceExceptionResponse;
    expect(added.exception).toMatchObject({
      date: CLOSED_DATE,
      servicePeriodId: null,
      closed: true,
      note: "Private party",
    });
    expect(added.exceptions.map((e) => e.id)).toContain(added.exception.id);
    expect(added.affectedBookings.map((b) => [b.reference, b.guestName])).toEqual([[booked.reference, "Ada Lovelace"]]);
    expect(added.rulesVersion).toBeGreaterThan(before.rulesVersion);
    const row = await db()
      .kysely.selectFrom("bookings")
      .select("status")
      .where("reference", "=", booked.reference)
      .executeTakeFirstOrThrow();
    expect(row.status).not.toBe("cancelled");

    expect(await availability(key, CLOSED_DATE, 2)).toMatchObject({
      times: [],
      reason: "closed",
      closedBecause: "closed_date",
    });
    const refused = await postBooking(key, { partySize: 2, startsAt: startOn(CLOSED_DATE, "19:00") });
    const problem = await expectProblem(refused, 422, "OUTSIDE_SERVICE");
    expect(problem.hint).toContain("closed");
    // The ops day view shows no service that day.
    const day = await opsAvailability(
      staffRequest(`/api/ops/availability?restaurantId=${venue.restaurantId}&date=${CLOSED_DATE}`, { staff: manager }),
    );
    expect(((await day.json()) as { periods: unknown[] }).periods).toEqual([]);

    // The same date twice: 422 naming the date.
    const twice = await addException({
      expectedRulesVersion: added.rulesVersion,
      date: CLOSED_DATE,
      servicePeriodId: null,
      kind: "closed",
    });
    expect((await expectProblem(twice, 422, "SERVICE_RULES_INVALID")).errors?.[0]?.path).toBe("date");

    await expectProblem(await removeException(added.exception.id, before.rulesVersion), 409, "STALE");
    const removed = await removeException(added.exception.id, added.rulesVersion);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as TServiceSettings).exceptions).toEqual([]);
    expect((await openTimes(CLOSED_DATE)).length).toBeGreaterThan(0);
    await expectProblem(await removeException(added.exception.id), 404, "NOT_FOUND");
  });

  it("refuses bad exceptions with the field named: a past date, special hours without a service or out of order", async () => {
    const { rulesVersion, periods, today } = await settings();
    const dinner = periods.find((p) => p.name === "Dinner") as TServicePeriod;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ date: "2020-01-01", servicePeriodId: null, kind: "closed" }, "date"],
      [{ date: SPECIAL_DATE, servicePeriodId: null, kind: "special_hours" }, "servicePeriodId"],
      [
        {
          date: SPECIAL_DATE,
          servicePeriodId: dinner.id,
          kind: "special_hours",
          opensAt: "19:00",
          lastSeatingAt: "18:00",
          closesAt: "22:00",
        },
        "lastSeatingAt",
      ],
      [{ date: SPECIAL_DATE, servicePeriodId: dinner.id, kind: "special_hours", opensAt: "19:00" }, "lastSeatingAt"],
      [
        { date: SPECIAL_DATE, servicePeriodId: "00000000-0000-4000-8000-000000000000", kind: "closed" },
        "servicePeriodId",
      ],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(
        await addException({ expectedRulesVersion: rulesVersion, ...body }),
        422,
        "SERVICE_RULES_INVALID",
      );
      expect(problem.errors?.map((e) => e.path)).toContain(field);
    }
    expect(today >= "2026-01-01").toBe(true);
    await expectProblem(
      await addException({
        expectedRulesVersion: rulesVersion - 1,
        date: SPECIAL_DATE,
        servicePeriodId: null,
        kind: "closed",
      }),
      409,
      "STALE",
    );
    expect((await settings()).exceptions).toEqual([]);
  });

  it("gives one service special hours on a date: availability and bookings follow them", async () => {
    const { rulesVersion, periods } = await settings();
    const dinner = periods.find((p) => p.name === "Dinner") as TServicePeriod;
    const lunch = periods.find((p) => p.name === "Lunch") as TServicePeriod;
    const response = await addException({
      expectedRulesVersion: rulesVersion,
      date: SPECIAL_DATE,
      servicePeriodId: dinner.id,
      kind: "special_hours",
      opensAt: "21:00",
      lastSeatingAt: "21:30",
      closesAt: "23:45",
    });
    expect(response.status).toBe(201);
    const times = await openTimes(SPECIAL_DATE);
    expect(times.filter((t) => t >= "17:00")).toEqual(["21:00", "21:15", "21:30"]);
    // Lunch keeps its weekly hours.
    expect(times).toContain(lunch.opensAt);
    await expectProblem(
      await postBooking(key, { partySize: 2, startsAt: startOn(SPECIAL_DATE, "18:00") }),
      422,
      "OUTSIDE_SERVICE",
    );
    expect((await postBooking(key, { partySize: 2, startsAt: startOn(SPECIAL_DATE, "21:15") })).status).toBe(201);
    // And closing only lunch another day leaves dinner.
    const closeLunch = await addException({
      expectedRulesVersion: (await settings()).rulesVersion,
      date: CAP_DATE,
      servicePeriodId: lunch.id,
      kind: "closed",
    });
    expect(closeLunch.status).toBe(201);
    expect((await openTimes(CAP_DATE))[0]).toBe(dinner.opensAt);
  });

  it("applies a pacing cap and the online cut-off at once", async () => {
    const before = await settings();
    expect(await openTimes(CAP_DATE)).toContain("19:00");
    expect(await openTimes(CUTOFF_DATE)).toContain("19:00");
    const capped = { ...dinnerOf(before), pacingCoversPerSlot: 8, pacingOnlineCoversPerSlot: 1 };
    const saved = await save({
      expectedRulesVersion: before.rulesVersion,
      periods: before.periods.map((p) => (p.id === capped.id ? capped : p)),
    });
    expect(saved.status).toBe(200);
    const day = await availability(key, CAP_DATE, 2);
    expect(day.times.filter((t) => t.time >= "18:00").every((t) => t.reason === "pacing")).toBe(true);
    await expectProblem(
      await postBooking(key, { partySize: 2, startsAt: startOn(CAP_DATE, "19:00") }),
      409,
      "PACING_LIMIT",
    );

    // Lift the cap; a cut-off of a week (the most allowed) makes every start within it too late to book online.
    const after = (await saved.json()) as TSaveServiceResponse;
    const uncapped = { ...dinnerOf(after), pacingCoversPerSlot: null, pacingOnlineCoversPerSlot: null };
    const cut = await save({
      expectedRulesVersion: after.rulesVersion,
      periods: after.periods.map((p) => (p.id === uncapped.id ? uncapped : p)),
      bookingCutoffMinutes: 60 * 24 * 7,
    });
    expect(cut.status).toBe(200);
    const near = await availability(key, CUTOFF_DATE, 2);
    expect(near.times.length).toBeGreaterThan(0);
    expect(near.times.every((t) => !t.available && t.reason === "cutoff")).toBe(true);
    const late = await postBooking(key, { partySize: 2, startsAt: startOn(CUTOFF_DATE, "19:00") });
    const problem = await expectProblem(late, 422, "TOO_LATE_TO_BOOK_ONLINE");
    expect(problem.cutoffMinutes).toBe(60 * 24 * 7);
    // Staff may still book inside the cut-off.
    expect((await venue.book({ party: 2, at: "19:00", date: CUTOFF_DATE, source: "phone" })).reference).toBeTruthy();
    // Beyond the cut-off, online bookings stay open.
    expect(await openTimes(CAP_DATE)).toContain("19:00");
    const reset = await save({
      expectedRulesVersion: ((await cut.json()) as TServiceSettings).rulesVersion,
      bookingCutoffMinutes: 0,
    });
    expect(reset.status).toBe(200);
    expect(await openTimes(CUTOFF_DATE)).toContain("19:15");
  });

  it("refuses to remove a service with upcoming bookings (409 with them), but switches it off", async () => {
    const booked = await venue.book({ party: 4, at: "19:30", date: BOOKED_DATE, guestName: "Grace Hopper" });
    const before = await settings();
    const kept = before.periods.filter((p) => p.name !== "Dinner");
    const response = await save({ expectedRulesVersion: before.rulesVersion, periods: kept });
    const problem = await expectProblem(response, 409, "PERIOD_HAS_BOOKINGS");
    const bookings = problem.bookings as Array<{ reference: string; guestName: string }>;
    expect(bookings.map((b) => b.reference)).toContain(booked.reference);
    expect(await settings()).toEqual(before);

    const off = before.periods.map((p) => (p.name === "Dinner" ? { ...p, active: false } : p));
    const saved = await save({ expectedRulesVersion: before.rulesVersion, periods: off });
    expect(saved.status).toBe(200);
    expect(dinnerOf((await saved.json()) as TServiceSettings).active).toBe(false);
    expect((await openTimes(BOOKED_DATE)).every((t) => t < "17:00")).toBe(true);
    const on = await settings();
    const back = await save({
      expectedRulesVersion: on.rulesVersion,
      periods: on.periods.map((p) => ({ ...p, active: true })),
    });
    expect(back.status).toBe(200);
  });

  it("adds and removes a service that has no bookings", async () => {
    const before = await settings();
    const brunch = {
      name: "Brunch",
      daysOfWeek: [6, 7],
      opensAt: "10:00",
      lastSeatingAt: "11:00",
      closesAt: "11:45",
      bufferMinutes: 0,
      pacingCoversPerSlot: null,
      pacingOnlineCoversPerSlot: null,
      active: true,
      turnTimes: [{ maxPartySize: 6, turnMinutes: 45 }],
    };
    const added = (await (
      await save({ expectedRulesVersion: before.rulesVersion, periods: [...before.periods, brunch] })
    ).json()) as TSaveServiceResponse;
    expect(added.periods.map((p) => p.name)).toContain("Brunch");
    const removed = (await (
      await save({ expectedRulesVersion: added.rulesVersion, periods: before.periods })
    ).json()) as TSaveServiceResponse;
    expect(removed.periods.map((p) => p.name)).not.toContain("Brunch");
    expect(removed.deactivated).toEqual([]);
  });

  it("saves the planner policy (the planner's own schema), bumping the venue version", async () => {
    const before = await settings();
    const policy = { maxTablesPerPlan: 2, maxOverage: 2, requireAdjacency: false, allowCrossZone: true };
    const weights = { ...before.plannerPolicy.weights, compactness: 0 };
    const response = await savePolicy({ expectedVenueVersion: before.venueVersion, policy, weights });
    expect(response.status).toBe(200);
    const saved = (await response.json()) as TServiceSettings;
    expect(saved.plannerPolicy).toEqual({ policy, weights });
    expect(saved.venueVersion).toBeGreaterThan(before.venueVersion);
    const stored = await db()
      .kysely.selectFrom("restaurants")
      .select("planner_config")
      .where("id", "=", venue.restaurantId)
      .executeTakeFirstOrThrow();
    expect(stored.planner_config).toMatchObject({ policy, weights });

    await expectProblem(await savePolicy({ expectedVenueVersion: before.venueVersion, policy, weights }), 409, "STALE");
    for (const bad of [
      { ...policy, maxTablesPerPlan: 9 },
      { ...policy, maxOverage: -1 },
    ]) {
      await expectProblem(
        await savePolicy({ expectedVenueVersion: saved.venueVersion, policy: bad, weights }),
        400,
        "VALIDATION_FAILED",
      );
    }
    expect((await settings()).plannerPolicy).toEqual({ policy, weights });
  });
});

function wall(from: string, to: string): string[] {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out: string[] = [];
  for (let m = minutes(from); m <= minutes(to); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}
