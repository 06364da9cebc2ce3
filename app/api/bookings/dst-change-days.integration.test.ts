import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOpsAvailability } from "@/app/api/ops/availability/route";
import { GET as listOpsBookings } from "@/app/api/ops/bookings/route";
import type { TBookableTimes } from "@/server/availability/bookable-times-schema";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { addApiKey, availability, postBooking } from "../availability/availability-test-kit";
import {
  addMinutesIso,
  changeDaysOf,
  changeDayYear,
  expectedInstant,
  instantAt,
  localOf,
  minutesOf,
  NIGHT,
  nightGrid,
  offsetHoursAt,
  SLOT_MINUTES,
  seedNightVenue,
  shiftDate,
  TURN_MINUTES,
  wallTime,
} from "./dst-change-days-kit";

/**
 * The spring-forward and fall-back days of both demo zones through the real route handlers, on PGlite and
 * PostgreSQL (and, in CI, with the process in UTC and in Pacific/Auckland): the availability grid stays on the
 * wall clock (the skipped hour offers nothing, the repeated hour is offered once, at its earlier instant), every
 * offered time books at the instant it named, a turn lasts its real minutes across the change, a skipped wall time
 * is a 400, a repeated one resolves to its earlier instant, and the staff list and day view cover exactly the local
 * day. Back-to-back bookings on one table are in dst-back-to-back.integration.test.ts.
 */
const YEAR = changeDayYear();
const CHANGE_DAYS = changeDaysOf(YEAR);
const MINUTE = 60_000;
/** An ISO offset suffix for a whole-hour UTC offset: -5 → "-05:00". */
const offsetText = (hours: number) => `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`;

type TBooked = { reference: string; status: string; startsAt: string; endsAt: string; tables: { id: string }[] };

it("computes the change days from the zones' rules, and Intl agrees the offset changes on each", () => {
  if (YEAR === 2027) {
    expect(CHANGE_DAYS.map((d) => `${d.zone} ${d.kind} ${d.date}`)).toEqual([
      "Europe/London spring 2027-03-28",
      "Europe/London fall 2027-10-31",
      "America/New_York spring 2027-03-14",
      "America/New_York fall 2027-11-07",
    ]);
  }
  for (const day of CHANGE_DAYS) {
    const midnight = instantAt(day.date, "00:00", day.before);
    expect(new Date(`${day.date}T00:00:00Z`).getUTCDay(), day.date).toBe(0);
    expect(offsetHoursAt(midnight, day.zone)).toBe(day.before);
    expect(offsetHoursAt(addMinutesIso(midnight, 24 * 60), day.zone)).toBe(day.after);
  }
});

describeEachBackend("DST change days through the HTTP API", ({ db }) => {
  const venues = new Map<string, { restaurantId: string; key: string }>();
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "10000" },
    });
    uninstall = installed.uninstall;
    // Ten two-tops: enough for every start of a day's Night service to book (at most seven turns overlap).
    const tables = Array.from({ length: 10 }, (_, i) => ({ label: `T${i + 1}`, capacity: 2, mergeable: false }));
    for (const zone of ["Europe/London", "America/New_York"]) {
      const { restaurantId } = await seedNightVenue(db(), { zone, tables });
      venues.set(zone, { restaurantId, key: await addApiKey(db(), restaurantId) });
    }
    const memberships = [...venues.values()].map((v) => [v.restaurantId, "host"] as const);
    host = await seedStaffMember(db().kysely, { secret: installed.runtime.env.SESSION_SECRET, memberships });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const book = async (key: string, startsAt: string, expectStatus = 201) => {
    const response = await postBooking(key, { partySize: 2, startsAt });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(expectStatus);
    return body as TBooked;
  };
  const staffGet = async <T>(handler: (r: Request) => Promise<Response>, path: string): Promise<T> => {
    const response = await handler(staffRequest(path, { staff: host }));
    expect(response.status, path).toBe(200);
    return response.json() as Promise<T>;
  };

  describe.each(CHANGE_DAYS)("$zone, $kind change on $date", (day) => {
    const venue = () => venues.get(day.zone) as { restaurantId: string; key: string };
    /** References of the bookings that start on the change day, and of the neighbour days'. */
    const ofDay = new Set<string>();
    const ofNeighbours = new Set<string>();
    let offered: TBookableTimes["times"] = [];
    const staffList = async () =>
      (
        await staffGet<{ items: TBooked[] }>(
          listOpsBookings,
          `/api/ops/bookings?restaurantId=${venue().restaurantId}&date=${day.date}&limit=200`,
        )
      ).items;

    it("offers the Night service's wall-clock grid: nothing skipped offered, nothing repeated twice", async () => {
      const answer = await availability(venue().key, day.date, 2);
      offered = answer.times.filter((t) => t.time <= NIGHT.lastSeatingAt);
      const grid = nightGrid(day);
      expect(offered.map((t) => t.time)).toEqual(grid);
      // Wall-clock length over the step (+1 for the last seating), less the skipped hour's four starts in spring.
      expect(offered).toHaveLength((4 * 60 - (day.kind === "spring" ? 60 : 0)) / SLOT_MINUTES + 1);
      expect(offered.map((t) => t.startsAt)).toEqual(grid.map((time) => expectedInstant(day, time)));
      expect(new Set(offered.map((t) => t.startsAt)).size).toBe(offered.length);
      for (const t of offered) expect(t, t.time).toMatchObject({ available: true });
      // Real minutes between offered starts: even across the spring jump; in the fall the repeated hour's second
      // pass is not offered (a wall time names its earlier instant), so 75 minutes pass between 01:45 and 02:00.
      const steps = offered
        .slice(1)
        .map((t, i) => (Date.parse(t.startsAt) - Date.parse(offered[i]?.startsAt ?? "")) / MINUTE);
      const jumpAt = offered.findIndex((t) => t.time === day.change) - 1;
      expect(steps).toEqual(steps.map((_, i) => (day.kind === "fall" && i === jumpAt ? 75 : SLOT_MINUTES)));
    });

    it("books every offered time, sent as local wall time, at the instant it was offered with, for its real turn", async () => {
      for (const t of offered) {
        const booked = await book(venue().key, `${day.date}T${t.time}`);
        expect(booked, t.time).toMatchObject({ status: "confirmed", startsAt: t.startsAt });
        expect(booked.endsAt, t.time).toBe(addMinutesIso(t.startsAt, TURN_MINUTES));
        expect(booked.tables, t.time).toHaveLength(1);
        ofDay.add(booked.reference);
      }
    });

    it(`a booking across the change lasts ${TURN_MINUTES} real minutes (${day.straddle.at} → ${day.straddle.endsLocal} on the wall clock)`, async () => {
      const booked = await book(venue().key, `${day.date}T${day.straddle.at}`);
      ofDay.add(booked.reference);
      expect(booked.startsAt).toBe(instantAt(day.date, day.straddle.at, day.before));
      expect(Date.parse(booked.endsAt) - Date.parse(booked.startsAt)).toBe(TURN_MINUTES * MINUTE);
      expect(localOf(booked.endsAt, day.zone)).toBe(`${day.date} ${day.straddle.endsLocal}`);
    });

    if (day.kind === "spring") {
      it("refuses a wall time the clocks skip with a 400 naming startsAt, and stores nothing", async () => {
        const skipped = wallTime(minutesOf(day.change) + 30);
        const before = (await staffList()).length;
        const response = await postBooking(venue().key, { partySize: 2, startsAt: `${day.date}T${skipped}` });
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        const problem = await response.json();
        expect(problem).toMatchObject({
          code: "VALIDATION_FAILED",
          errors: [{ path: "startsAt", message: expect.stringContaining(`does not exist in ${day.zone}`) }],
        });
        // Pushed forward by the skipped hour, the moment the clocks show then.
        expect(problem.errors[0].message).toContain(`the same moment is ${wallTime(minutesOf(day.change) + 90)}`);
        expect(await staffList()).toHaveLength(before);
      });
    } else {
      it("resolves the repeated 01:30 to its earlier (summer-time) instant; an offset reaches the later one", async () => {
        const wall = await book(venue().key, `${day.date}T01:30`);
        expect(wall.startsAt).toBe(instantAt(day.date, "01:30", day.before));
        const later = await book(venue().key, `${day.date}T01:30:00${offsetText(day.after)}`);
        expect(later.startsAt).toBe(instantAt(day.date, "01:30", day.after));
        expect(Date.parse(later.startsAt) - Date.parse(wall.startsAt)).toBe(60 * MINUTE);
        for (const b of [wall, later]) {
          expect(localOf(b.startsAt, day.zone)).toBe(`${day.date} 01:30`);
          ofDay.add(b.reference);
        }
      });
    }

    it("lists exactly the local day's bookings for staff: not the Saturday's last, not Monday's first at midnight", async () => {
      const lastOfDay = await book(venue().key, `${day.date}T23:45`);
      expect(lastOfDay.startsAt).toBe(instantAt(day.date, "23:45", day.after));
      ofDay.add(lastOfDay.reference);
      ofNeighbours.add((await book(venue().key, `${shiftDate(day.date, -1)}T23:45`)).reference);
      ofNeighbours.add((await book(venue().key, `${shiftDate(day.date, 1)}T00:00`)).reference);
      const items = await staffList();
      expect(new Set(items.map((b) => b.reference))).toEqual(ofDay);
      for (const b of items) expect(localOf(b.startsAt, day.zone).slice(0, 10)).toBe(day.date);
      const range = await staffGet<{ items: TBooked[] }>(
        listOpsBookings,
        `/api/ops/bookings?restaurantId=${venue().restaurantId}&date=${shiftDate(day.date, -1)}&to=${shiftDate(day.date, 1)}&limit=200`,
      );
      expect(new Set(range.items.map((b) => b.reference))).toEqual(new Set([...ofDay, ...ofNeighbours]));
    });

    it("reads the day view over the local day: window, periods and heatmap in real quarter hours", async () => {
      const view = await staffGet<TOpsAvailabilityResponse>(
        getOpsAvailability,
        `/api/ops/availability?restaurantId=${venue().restaurantId}&date=${day.date}`,
      );
      // From local midnight to the end of the day's last booking (Sunday 23:45 + its turn); Monday's midnight
      // booking is the next day's and does not stretch the window.
      const lastEnds = addMinutesIso(instantAt(day.date, "23:45", day.after), TURN_MINUTES);
      expect(view.window).toEqual({ start: instantAt(day.date, "00:00", day.before), end: lastEnds });
      expect(view.periods.find((p) => p.name === NIGHT.name)).toMatchObject({
        start: instantAt(day.date, NIGHT.opensAt, day.before),
        lastSeatingAt: instantAt(day.date, NIGHT.lastSeatingAt, day.after),
        end: instantAt(day.date, NIGHT.closesAt, day.after),
      });
      expect(view.unassigned).toEqual([]);
      const cells = view.heatmap.total.cells;
      const start = Date.parse(view.window?.start ?? "");
      expect(cells.map((c) => c.slotStart)).toEqual(
        Array.from({ length: (Date.parse(lastEnds) - start) / (SLOT_MINUTES * MINUTE) }, (_, i) =>
          new Date(start + i * SLOT_MINUTES * MINUTE).toISOString(),
        ),
      );
      for (const c of cells) expect(c.time).toBe(localOf(c.slotStart, day.zone).slice(11));
      // The skipped hour has no cell; each quarter of the repeated hour has two (one per pass).
      // (The window runs on into Monday's small hours, where the last turn ends: only the day's own cells count.)
      const labels = cells.filter((c) => localOf(c.slotStart, day.zone).startsWith(day.date)).map((c) => c.time);
      const changedHour = minutesOf(day.change) - (day.kind === "fall" ? 60 : 0);
      for (const quarter of [0, 15, 30, 45].map((m) => wallTime(changedHour + m))) {
        expect(
          labels.filter((l) => l === quarter),
          quarter,
        ).toHaveLength(day.kind === "fall" ? 2 : 0);
      }
      for (const table of view.timeline) {
        const segments = table.segments;
        expect([segments[0]?.start, segments.at(-1)?.end]).toEqual([view.window?.start, view.window?.end]);
        for (let i = 1; i < segments.length; i++) expect(segments[i]?.start).toBe(segments[i - 1]?.end);
      }
      const onTimeline = new Set(
        view.timeline.flatMap((t) => t.segments.filter((s) => s.kind === "booking").map((s) => s.reference)),
      );
      for (const reference of ofDay) expect(onTimeline.has(reference), reference).toBe(true);
    });
  });
});
