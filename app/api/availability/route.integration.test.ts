import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TBookableTime, TBookableTimes } from "@/server/availability/bookable-times-schema";
import { isoWeekdayOf } from "@/server/availability/list-service-starts";
import { seedServicePeriod, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend, type TestDb } from "@/server/testing/test-db";
import { toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";
import { addApiKey, availability, getAvailability, inDays, postBooking } from "./availability-test-kit";

/**
 * GET /api/availability as a booking client calls it: the real route handler on PGlite and PostgreSQL. Each
 * reason a start is not offered is produced on purpose; the randomized check that offered times really seat is
 * offered-times-seat.integration.test.ts.
 */
const ZONE = "Europe/London";
// One weekday without service; the other dates keep clear of it (their distance from it is not a multiple of 7).
const CLOSED_DATE = inDays(10);
const PACING_DATE = inDays(20);
const FULL_DATE = inDays(21);
const QUIET_DATE = inDays(22);
const LEAKS = /sqlstate|\bselect\b|\binsert\b|violates|constraint|plpgsql|\bat .+:\d+:\d+|node_modules|\.ts:\d+/i;

const byTime = (day: TBookableTimes) => new Map(day.times.map((t) => [t.time, t]));
const reasonsOf = (day: TBookableTimes, times: string[]) => times.map((t) => byTime(day).get(t)?.reason ?? "ok");
const wallTimes = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = toMinutes(from); m <= toMinutes(to); m += 15) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
};
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

async function countRows(db: TestDb): Promise<number[]> {
  return Promise.all(
    (["bookings", "allocations", "holds"] as const).map(async (table) =>
      Number(
        (
          await db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
}

describeEachBackend("GET /api/availability", ({ db }) => {
  let key = "";
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const closedWeekday = isoWeekdayOf(CLOSED_DATE);
    const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== closedWeekday);
    // A (2), B (4), C (4, not bookable online), D (6); no adjacency, so no merges. Dinner caps online covers at 6
    // per slot; lunch seats parties of up to 4 only.
    const { restaurantId, tables } = await setupEveningScenario(db(), {
      timezone: ZONE,
      tables: [
        { label: "A", capacity: 2 },
        { label: "B", capacity: 4 },
        { label: "C", capacity: 4 },
        { label: "D", capacity: 6 },
      ],
      servicePeriod: { daysOfWeek: days, pacingOnlineCoversPerSlot: 6 },
    });
    await db()
      .kysely.updateTable("tables")
      .set({ online_bookable: false })
      .where("id", "=", tables.C as string)
      .execute();
    await seedServicePeriod(db().kysely, {
      restaurantId,
      name: "Lunch",
      daysOfWeek: days,
      opensAt: "12:00",
      lastSeatingAt: "14:00",
      closesAt: "16:00",
      turnTimes: [
        { maxPartySize: 2, turnMinutes: 75 },
        { maxPartySize: 4, turnMinutes: 90 },
      ],
    });
    key = await addApiKey(db(), restaurantId);
    ({ uninstall } = await installTestRuntime({ db: db() }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("lists every 15-minute start of the day's seatings in local time, with the instant to book", async () => {
    const response = await getAvailability(key, { date: QUIET_DATE, partySize: 2 });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const day: TBookableTimes = await response.json();
    expect(day).toMatchObject({ date: QUIET_DATE, partySize: 2, timezone: ZONE });
    expect(day.reason).toBeUndefined();
    expect(day.times.map((t) => t.time)).toEqual([...wallTimes("12:00", "14:00"), ...wallTimes("17:00", "21:30")]);
    for (const t of day.times) {
      expect(t).toEqual({
        time: t.time,
        startsAt: zonedTimeToInstant({ date: QUIET_DATE, time: t.time, timeZone: ZONE }).toISOString(),
        available: true,
      } satisfies TBookableTime);
    }
  });

  it("closes a weekday without service, and a party larger than the restaurant takes, for the whole day", async () => {
    expect(await availability(key, CLOSED_DATE, 2)).toEqual({
      date: CLOSED_DATE,
      partySize: 2,
      timezone: ZONE,
      times: [],
      reason: "closed",
      closedBecause: "no_service",
    });
    expect(await availability(key, QUIET_DATE, 13)).toMatchObject({ times: [], closedBecause: "party_size" });
  });

  it("marks the starts of a service period without a turn time for the party `closed`", async () => {
    const six = await availability(key, QUIET_DATE, 6);
    expect(new Set(reasonsOf(six, wallTimes("12:00", "14:00")))).toEqual(new Set(["closed"]));
    expect(new Set(reasonsOf(six, wallTimes("17:00", "21:30")))).toEqual(new Set(["ok"]));
    // Dinner has a turn time for ten, but a slot takes at most 6 online covers: POST refuses ten with PACING_LIMIT.
    const ten = await availability(key, QUIET_DATE, 10);
    expect(new Set(reasonsOf(ten, wallTimes("17:00", "21:30")))).toEqual(new Set(["pacing"]));
  });

  it("marks a past date `past` and a date beyond the booking horizon `horizon`", async () => {
    const past = await availability(key, inDays(-2), 2);
    expect(past.times.length).toBeGreaterThan(0);
    expect(past.times.every((t) => !t.available && t.reason === "past")).toBe(true);
    const far = await availability(key, inDays(400), 2);
    expect(far.times.length).toBeGreaterThan(0);
    expect(far.times.every((t) => !t.available && t.reason === "horizon")).toBe(true);
  });

  it("marks a slot whose online covers would pass the cap `pacing`, for the party asked about", async () => {
    const first = await postBooking(key, { partySize: 4, startsAt: `${PACING_DATE}T19:00` });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "confirmed", assignment: { outcome: "assigned" } });
    const four = await availability(key, PACING_DATE, 4);
    expect(reasonsOf(four, ["18:45", "19:00", "19:15"])).toEqual(["ok", "pacing", "ok"]);
    // 4 + 2 covers stay within the cap of 6.
    const two = await availability(key, PACING_DATE, 2);
    expect(reasonsOf(two, ["19:00"])).toEqual(["ok"]);
    const refused = await postBooking(key, { partySize: 4, startsAt: `${PACING_DATE}T19:00` });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "PACING_LIMIT" });
  });

  it("marks starts whose whole window finds no free online table `no_table`, to the minute", async () => {
    // B (4) from 20:00 to 22:00, then D (6, the only table for six) from 20:15 to 22:30. C is not online.
    for (const [partySize, at] of [
      [4, "20:00"],
      [6, "20:15"],
    ] as const) {
      const response = await postBooking(key, { partySize, startsAt: `${FULL_DATE}T${at}` });
      expect(await response.json()).toMatchObject({ status: "confirmed", assignment: { outcome: "assigned" } });
    }
    const four = await availability(key, FULL_DATE, 4);
    // A party of four sits 120 minutes: 18:00 ends as B's booking starts, 18:15 as D's; 20:00 and 20:15 are
    // already at the online cap.
    expect(reasonsOf(four, wallTimes("17:00", "21:30"))).toEqual([
      ...Array(6).fill("ok"),
      ...Array(6).fill("no_table"),
      "pacing",
      "pacing",
      ...Array(5).fill("no_table"),
    ]);
    expect(reasonsOf(four, wallTimes("12:00", "14:00"))).toEqual(Array(9).fill("ok"));
    // What no_table means: a booking made there is not seated (it waits for staff in review).
    const unseated = await postBooking(key, { partySize: 4, startsAt: `${FULL_DATE}T19:00` });
    expect(unseated.status).toBe(201);
    expect(await unseated.json()).toMatchObject({ assignment: { outcome: "manual_review" } });
  });

  it("answers 401 without an API key and 403 for a key without availability:read, before reading the query", async () => {
    const none = await getAvailability(null, { date: "not-a-date", partySize: 2 });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect(await none.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    const restaurantId = (await db().kysely.selectFrom("api_keys").select("restaurant_id").executeTakeFirstOrThrow())
      .restaurant_id;
    const writeOnly = await addApiKey(db(), restaurantId, ["bookings:write"]);
    const forbidden = await getAvailability(writeOnly, { date: "not-a-date", partySize: 2 });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toBe("application/problem+json");
    expect(await forbidden.json()).toMatchObject({ code: "FORBIDDEN", scope: "availability:read" });
  });

  it.each([
    ["an impossible date", { date: "2027-02-30", partySize: 2 }, "query.date"],
    ["a date that is not YYYY-MM-DD", { date: "tomorrow", partySize: 2 }, "query.date"],
    ["a year before 2000", { date: "1999-12-31", partySize: 2 }, "query.date"],
    ["no date", { partySize: 2 }, "query.date"],
    ["a party of 0", { date: QUIET_DATE, partySize: 0 }, "query.partySize"],
    ["a party of 101", { date: QUIET_DATE, partySize: 101 }, "query.partySize"],
    ["a fractional party", { date: QUIET_DATE, partySize: "2.5" }, "query.partySize"],
    ["a party that is not a number", { date: QUIET_DATE, partySize: "two" }, "query.partySize"],
    ["no party size", { date: QUIET_DATE }, "query.partySize"],
  ])("refuses %s with 400 naming the field, writing nothing", async (_, query, path) => {
    const before = await countRows(db());
    const response = await getAvailability(key, query);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: "VALIDATION_FAILED", errors: [expect.objectContaining({ path })] });
    expect(text).not.toMatch(LEAKS);
    expect(await countRows(db())).toEqual(before);
  });
});

/** The last Sunday of March on or after `from`: the day London springs forward (01:00 GMT → 02:00 BST). */
function nextSpringForward(from: Date): string {
  for (let year = from.getUTCFullYear(); ; year++) {
    const lastOfMarch = new Date(Date.UTC(year, 2, 31));
    const sunday = new Date(lastOfMarch.getTime() - lastOfMarch.getUTCDay() * 86_400_000);
    if (sunday.getTime() > from.getTime()) return sunday.toISOString().slice(0, 10);
  }
}

describeEachBackend("GET /api/availability on a DST change day", ({ db }) => {
  const date = nextSpringForward(new Date(Date.now() + 2 * 86_400_000));
  let key = "";
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const { restaurantId } = await setupEveningScenario(db(), {
      timezone: ZONE,
      tables: [{ label: "A", capacity: 4 }],
    });
    // The next spring-forward Sunday may be up to 371 days away.
    await db()
      .kysely.updateTable("restaurants")
      .set({ booking_horizon_days: 400 })
      .where("id", "=", restaurantId)
      .execute();
    // A late seating across the gap, Sundays only.
    await seedServicePeriod(db().kysely, {
      restaurantId,
      name: "Late",
      daysOfWeek: [7],
      opensAt: "00:30",
      lastSeatingAt: "03:00",
      closesAt: "05:00",
    });
    key = await addApiKey(db(), restaurantId);
    ({ uninstall } = await installTestRuntime({ db: db() }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("lists local wall times with their correct instants: no 01:xx in the gap, dinner on BST", async () => {
    const day = await availability(key, date, 2);
    const times = day.times.map((t) => [t.time, t.startsAt.slice(11, 16)]);
    expect(times.slice(0, 7)).toEqual([
      ["00:30", "00:30"],
      ["00:45", "00:45"],
      ["02:00", "01:00"],
      ["02:15", "01:15"],
      ["02:30", "01:30"],
      ["02:45", "01:45"],
      ["03:00", "02:00"],
    ]);
    expect(day.times.slice(7).map((t) => t.time)).toEqual(wallTimes("17:00", "21:30"));
    for (const t of day.times) {
      expect(t.available).toBe(true);
      expect(t.startsAt.slice(0, 10)).toBe(date);
      const local = toZonedParts(new Date(t.startsAt), ZONE);
      expect([local.date, local.time.slice(0, 5)]).toEqual([date, t.time]);
    }
    expect(byTime(day).get("19:00")?.startsAt).toBe(`${date}T18:00:00.000Z`);
  });

  it("books an offered time after the gap at the instant it named", async () => {
    const day = await availability(key, date, 2);
    const offered = byTime(day).get("02:15");
    const response = await postBooking(key, { partySize: 2, startsAt: offered?.startsAt as string });
    expect(await response.json()).toMatchObject({
      status: "confirmed",
      startsAt: `${date}T01:15:00.000Z`,
      assignment: { outcome: "assigned" },
    });
    expect(reasonsOf(await availability(key, date, 2), ["00:30", "02:15", "19:00"])).toEqual([
      "no_table",
      "no_table",
      "ok",
    ]);
  });
});

describe("nextSpringForward", () => {
  it("finds London's spring-forward Sundays", () => {
    expect(nextSpringForward(new Date("2026-11-29T00:00:00Z"))).toBe("2027-03-28");
    expect(nextSpringForward(new Date("2027-03-28T12:00:00Z"))).toBe("2028-03-26");
  });
});
