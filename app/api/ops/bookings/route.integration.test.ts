import { afterAll, beforeAll, expect, it } from "vitest";
import { STAFF_EVENTS_BY_ROLE } from "@/server/booking/events-for-role";
import { STAFF_BOOKING_EVENTS, type TStaffEventName } from "@/server/booking/staff-booking-events";
import { transitionBooking } from "@/server/booking/transition-booking";
import {
  type EveningScenario,
  SEED_ACTOR,
  seedBooking,
  setupEveningScenario,
  zoneWhereItIsDaytime,
} from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET, POST } from "./route";

/**
 * GET and POST /api/ops/bookings through the real handlers on PGlite and PostgreSQL: filters (statuses, search by
 * name/email/phone/reference, unicode, SQL-looking text), keyset pagination with ties, the day in the restaurant's
 * zone, allowed events by role, walk-ins seated now or refused, phone bookings, idempotency, and auth.
 */
type TItem = {
  id: string;
  reference: string;
  status: string;
  version: number;
  startsAt: string;
  endsAt: string;
  partySize: number;
  tables: { id: string; name: string }[];
  guestName: string;
  guestEmail: string | null;
  guestPhone: string | null;
  source: string;
  notes: string | null;
  allowedEvents: string[];
};
type TPage = { items: TItem[]; nextCursor: string | null };
type TCreated = TItem & { seated: boolean; assignment: { outcome: string } };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const DAY = inDays(10);
const NEXT_DAY = inDays(11);
const PAGED_DAY = inDays(12);
// Seatings all day, so a walk-in "now" is within service whenever the suite runs.
const ALL_DAY = { opensAt: "00:00", lastSeatingAt: "23:58", closesAt: "23:59" };

describeEachBackend("/api/ops/bookings", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let tiny: EveningScenario;
  let host: TTestStaff;
  let manager: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let key = 0;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    // New York: a booking at 21:00 local on DAY is on the next day in UTC.
    venue = await setupEveningScenario(db(), { timezone: "America/New_York", servicePeriod: ALL_DAY });
    other = await setupEveningScenario(db(), { servicePeriod: ALL_DAY });
    // Walk-ins are seated "now": the restaurant is where it is daytime, so the tests pass at any hour of the run.
    tiny = await setupEveningScenario(db(), {
      tables: [{ label: "T", capacity: 2 }],
      servicePeriod: ALL_DAY,
      timezone: zoneWhereItIsDaytime(),
    });
    host = await seedStaffMember(db().kysely, {
      secret,
      name: "Hana Host",
      memberships: [
        [venue.restaurantId, "host"],
        [tiny.restaurantId, "host"],
      ],
    });
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const list = async (params: Record<string, string>, staff: TTestStaff | null = host) =>
    GET(staffRequest(`/api/ops/bookings?${new URLSearchParams(params)}`, { staff }));
  const page = async (params: Record<string, string>, staff: TTestStaff = host): Promise<TPage> => {
    const response = await list({ restaurantId: venue.restaurantId, ...params }, staff);
    expect(response.status).toBe(200);
    return (await response.json()) as TPage;
  };
  const create = (
    body: Record<string, unknown>,
    {
      staff = host,
      idempotencyKey = `ops-key-${++key}`,
      origin,
    }: { staff?: TTestStaff | null; idempotencyKey?: string; origin?: string } = {},
  ) =>
    POST(
      staffRequest("/api/ops/bookings", { method: "POST", staff, body, idempotencyKey, ...(origin ? { origin } : {}) }),
    );
  const phoneBooking = (extra: Record<string, unknown> = {}) => ({
    restaurantId: venue.restaurantId,
    source: "phone",
    partySize: 2,
    startsAt: `${DAY}T19:00`,
    guestName: "Ada Lovelace",
    guestEmail: "ada@example.org",
    guestPhone: "+1 212 555 7946",
    ...extra,
  });
  const count = async (table: "bookings" | "booking_state_history" | "allocations", restaurantId: string) =>
    Number(
      (
        await db()
          .kysely.selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("restaurant_id", "=", restaurantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  let ada: TCreated;
  let zoe: TCreated;
  let late: TCreated;
  let gone: TCreated;

  it("takes phone bookings through the coordinator: assigned, on the phone channel, as this member of staff", async () => {
    const response = await create(phoneBooking());
    expect(response.status).toBe(201);
    ada = (await response.json()) as TCreated;
    expect(ada).toMatchObject({ source: "phone", partySize: 2, guestEmail: "ada@example.org", seated: false });
    expect(["assigned", "confirmed"]).toContain(ada.status);
    expect(ada.assignment.outcome).toBe("assigned");
    expect(ada.tables.length).toBeGreaterThan(0);
    const created = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["actor_type", "actor_id"])
      .where("booking_id", "=", ada.id)
      .where("event", "=", "CREATE")
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ actor_type: "staff", actor_id: host.id });

    zoe = (await (
      await create(
        phoneBooking({
          guestName: "Zoë Ångström-Łukasiewicz 山田",
          guestEmail: null,
          guestPhone: null,
          startsAt: `${DAY}T20:00`,
        }),
      )
    ).json()) as TCreated;
    late = (await (
      await create(
        phoneBooking({
          guestName: "Late Owl",
          guestEmail: "owl@example.net",
          guestPhone: "+1 646 555 0101",
          startsAt: `${DAY}T21:00`,
        }),
      )
    ).json()) as TCreated;
    gone = (await (
      await create(
        phoneBooking({ guestName: "Gone Guest", guestEmail: null, guestPhone: null, startsAt: `${DAY}T18:00` }),
      )
    ).json()) as TCreated;
    await transitionBooking({ db: db(), bookingId: gone.id, event: { type: "CANCEL" }, actor: SEED_ACTOR });
    expect(zoe.guestName).toBe("Zoë Ångström-Łukasiewicz 山田");
  });

  it("filters by a list of statuses", async () => {
    const cancelled = await page({ date: DAY, status: "cancelled" });
    expect(cancelled.items.map((b) => b.id)).toEqual([gone.id]);
    const active = await page({ date: DAY, status: "assigned,confirmed" });
    expect(active.items.map((b) => b.id).sort()).toEqual([ada.id, zoe.id, late.id].sort());
    const both = await page({ date: DAY, status: "assigned, confirmed,cancelled" });
    expect(both.items).toHaveLength(4);
    const refused = await list({ restaurantId: venue.restaurantId, status: "assigned,seated" });
    expect(refused.status).toBe(400);
  });

  it("searches name, email, phone and reference case-insensitively; unicode exactly; SQL-looking text is just text", async () => {
    const ids = async (q: string) => (await page({ date: DAY, q })).items.map((b) => b.id).sort();
    expect(await ids("lovelace")).toEqual([ada.id]);
    expect(await ids("ADA@EXAMPLE")).toEqual([ada.id]);
    expect(await ids("555 7946")).toEqual([ada.id]);
    expect(await ids(zoe.reference.toLowerCase())).toEqual([zoe.id]);
    expect(await ids("Ångström-Łukasiewicz 山田")).toEqual([zoe.id]);
    const found = (await page({ date: DAY, q: "山田" })).items[0];
    expect(found?.guestName).toBe("Zoë Ångström-Łukasiewicz 山田");
    expect(await ids("'; drop table bookings; --")).toEqual([]);
    expect(await ids("%")).toEqual([]);
    expect(await ids("_")).toEqual([]);
    expect(await count("bookings", venue.restaurantId)).toBe(4);
  });

  it("reads the date in the restaurant's zone: 21:00 in New York is that day, not the next (UTC) one", async () => {
    expect(new Date(late.startsAt).toISOString().slice(0, 10)).toBe(NEXT_DAY);
    expect((await page({ date: DAY })).items.map((b) => b.id)).toContain(late.id);
    expect((await page({ date: NEXT_DAY })).items.map((b) => b.id)).not.toContain(late.id);
    const day = (await page({ date: DAY })).items;
    expect(day.map((b) => b.startsAt)).toEqual([...day.map((b) => b.startsAt)].sort());
  });

  it("lists a range of local days, both included, and refuses a range without its start, backwards or too long", async () => {
    const dayOnly = (await page({ date: DAY })).items.map((b) => b.id);
    expect(dayOnly.length).toBeGreaterThan(0);
    const range = (await page({ date: DAY, to: NEXT_DAY })).items;
    // The range holds the first day's bookings and the next day's: nothing before DAY, nothing after NEXT_DAY.
    expect(range.map((b) => b.id)).toEqual(expect.arrayContaining(dayOnly));
    expect(range.map((b) => b.startsAt)).toEqual([...range.map((b) => b.startsAt)].sort());
    expect((await page({ date: DAY, to: DAY })).items.map((b) => b.id)).toEqual(dayOnly);
    for (const [params, path] of [
      [{ to: NEXT_DAY }, "query.to"],
      [{ date: NEXT_DAY, to: DAY }, "query.to"],
      [{ date: DAY, to: "2099-01-01" }, "query.to"],
    ] as const) {
      const response = await list({ restaurantId: venue.restaurantId, ...params });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: Array<{ path: string }> };
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
  });

  it("pages by keyset over more bookings than the limit, ties included, without duplicates or gaps", async () => {
    const times = ["18:00", "18:00", "18:00", "19:15", "19:15", "20:30", "21:00"];
    const seeded = [];
    for (const at of times) {
      seeded.push(await seedBooking(db(), { restaurantId: venue.restaurantId, startsAt: `${PAGED_DAY}T${at}` }));
    }
    const seen: TItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const next: TPage = await page({ date: PAGED_DAY, limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...next.items);
      cursor = next.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((b) => b.id).sort()).toEqual(seeded.map((b) => b.bookingId).sort());
    expect(new Set(seen.map((b) => b.id)).size).toBe(times.length);
    const order = seen.map((b) => `${b.startsAt}|${b.id}`);
    expect(order).toEqual([...order].sort());
    expect((await list({ restaurantId: venue.restaurantId, cursor: "bm90LWEtY3Vyc29y" })).status).toBe(400);
    expect((await list({ restaurantId: venue.restaurantId, limit: "201" })).status).toBe(400);
    expect((await list({ restaurantId: venue.restaurantId, date: "2027-02-30" })).status).toBe(400);
    const first = await page({ date: PAGED_DAY });
    expect(first.items).toHaveLength(times.length);
    expect(first.nextCursor).toBeNull();
  });

  it("lists only the events the viewer's role may send now", async () => {
    const asHost = (await page({ date: DAY, q: "lovelace" })).items[0];
    const asManager = (await page({ date: DAY, q: "lovelace" }, manager)).items[0];
    expect(asHost?.allowedEvents).toContain("cancel");
    expect(
      asHost?.allowedEvents.every((e) =>
        STAFF_EVENTS_BY_ROLE.host.includes(STAFF_BOOKING_EVENTS[e as TStaffEventName] as never),
      ),
    ).toBe(true);
    expect(asHost?.allowedEvents).not.toContain("check_in"); // ten days early
    expect(asManager?.allowedEvents).toContain("cancel");
    if (asManager?.status === "assigned") expect(asManager.allowedEvents).toContain("confirm");
    const cancelled = (await page({ date: DAY, status: "cancelled" })).items[0];
    expect(cancelled?.allowedEvents).toEqual([]);
  });

  it("seats a walk-in now on the best plan: assigned, then checked in", async () => {
    const response = await create({
      restaurantId: tiny.restaurantId,
      source: "walk_in",
      partySize: 2,
      guestName: "Walk In",
      seatNow: true,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as TCreated;
    expect(body).toMatchObject({ status: "checked_in", seated: true, source: "walk_in" });
    expect(body.tables.map((t) => t.name)).toEqual(["T"]);
    expect(Math.abs(new Date(body.startsAt).getTime() - Date.now())).toBeLessThan(60_000);
    const checkIn = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["actor_type", "actor_id"])
      .where("booking_id", "=", body.id)
      .where("event", "=", "CHECK_IN")
      .executeTakeFirstOrThrow();
    expect(checkIn).toEqual({ actor_type: "staff", actor_id: host.id });
  });

  it("refuses a walk-in to be seated now when no table fits, writing nothing", async () => {
    const before = await Promise.all([
      count("bookings", tiny.restaurantId),
      count("booking_state_history", tiny.restaurantId),
    ]);
    const response = await create({
      restaurantId: tiny.restaurantId,
      source: "walk_in",
      partySize: 2,
      guestName: "No Room",
      seatNow: true,
    });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { code: string; hint: string; partySize: number };
    expect(problem.code).toBe("NO_TABLE_NOW");
    expect(problem.hint.length).toBeGreaterThan(0);
    expect(problem.partySize).toBe(2);
    expect(
      await Promise.all([count("bookings", tiny.restaurantId), count("booking_state_history", tiny.restaurantId)]),
    ).toEqual(before);
  });

  it("replays an Idempotency-Key with 200 and the same booking; the same key for another request is 422", async () => {
    const body = phoneBooking({ guestName: "Retry Rita", startsAt: `${DAY}T18:30` });
    const first = await create(body, { idempotencyKey: "ops-replay-1" });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as TCreated;
    const again = await create(body, { idempotencyKey: "ops-replay-1" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    const before = await count("bookings", venue.restaurantId);
    const reused = await create({ ...body, partySize: 3 }, { idempotencyKey: "ops-replay-1" });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Keys are per member of staff: the manager's same key is a new booking.
    const theirs = await create(body, { idempotencyKey: "ops-replay-1", staff: manager });
    expect(theirs.status).toBe(201);
    expect(((await theirs.json()) as TCreated).id).not.toBe(firstBody.id);
    expect(await count("bookings", venue.restaurantId)).toBe(before + 1);
  });

  it("replays a walk-in without a start as the walk-in first seated", async () => {
    const body = {
      restaurantId: venue.restaurantId,
      source: "walk_in",
      partySize: 2,
      guestName: "Quick Quinn",
      seatNow: true,
    };
    const first = await create(body, { idempotencyKey: "ops-walkin-replay" });
    expect(first.status).toBe(201);
    const again = await create(body, { idempotencyKey: "ops-walkin-replay" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
  });

  it("refuses bad input, other restaurants, missing sessions and cross-origin posts, writing nothing", async () => {
    const before = await count("bookings", venue.restaurantId);
    const cases: [string, Promise<Response>, number][] = [
      ["phone booking without a start", create(phoneBooking({ startsAt: undefined })), 400],
      ["seatNow on a phone booking", create(phoneBooking({ seatNow: true })), 400],
      ["online source", create(phoneBooking({ source: "online" })), 400],
      ["zero party", create(phoneBooking({ partySize: 0 })), 400],
      ["no session", create(phoneBooking(), { staff: null }), 401],
      ["cross-origin", create(phoneBooking(), { origin: "https://evil.example" }), 403],
      ["another restaurant", create(phoneBooking({ restaurantId: venue.restaurantId }), { staff: stranger }), 404],
    ];
    for (const [name, pending, status] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(status);
      expect(response.headers.get("content-type"), name).toContain("application/problem+json");
    }
    expect(await count("bookings", venue.restaurantId)).toBe(before);
    expect((await list({ restaurantId: venue.restaurantId }, null)).status).toBe(401);
    const foreign = await list({ restaurantId: venue.restaurantId }, stranger);
    const missing = await list({ restaurantId: "00000000-0000-4000-8000-000000000000" }, stranger);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const strip = (body: Record<string, unknown>) => ({
      ...body,
      detail: undefined,
      instance: undefined,
      requestId: undefined,
    });
    const [a, b] = [strip(await foreign.json()), strip(await missing.json())];
    expect(a).toEqual(b);
  });
});
