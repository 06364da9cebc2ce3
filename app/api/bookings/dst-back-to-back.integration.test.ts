import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { overlappingAllocations } from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { addApiKey, availability, postBooking } from "../availability/availability-test-kit";
import {
  addMinutesIso,
  changeDaysOf,
  changeDayYear,
  instantAt,
  localOf,
  NIGHT,
  seedNightVenue,
  TURN_MINUTES,
} from "./dst-change-days-kit";

/**
 * Two bookings back to back on a restaurant's only table across each DST change of both demo zones, through the
 * real route handlers on PGlite and PostgreSQL: the first turn runs over the change in real minutes; availability
 * offers exactly the starts that do not overlap it (no phantom overlap, no phantom gap on the wall clock); the next
 * booking starting at the first one's end instant lands on the same table, and the two allocations meet exactly
 * in UTC.
 */
const CHANGE_DAYS = changeDaysOf(changeDayYear());
const MINUTE = 60_000;

type TBooked = { id: string; status: string; startsAt: string; endsAt: string; tables: { id: string }[] };

describeEachBackend("Back-to-back bookings on one table across a DST change", ({ db }) => {
  const keys = new Map<string, string>();
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ uninstall } = await installTestRuntime({ db: db(), env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "10000" } }));
    for (const zone of ["Europe/London", "America/New_York"]) {
      const { restaurantId } = await seedNightVenue(db(), { zone, tables: [{ label: "Solo", capacity: 2 }] });
      keys.set(zone, await addApiKey(db(), restaurantId));
    }
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const book = async (key: string, startsAt: string) => {
    const response = await postBooking(key, { partySize: 2, startsAt });
    const body = (await response.json()) as TBooked;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.status).toBe("confirmed");
    return body;
  };
  const allocationsOf = async (bookingIds: string[]) => {
    const { rows } = await sql<{ bookingId: string; tableId: string; from: Date | string; to: Date | string }>`
      select booking_id as "bookingId", table_id as "tableId", lower(during) as "from", upper(during) as "to"
      from allocations where kind = 'assignment' and booking_id = any(${bookingIds}::uuid[])`.execute(db().kysely);
    const iso = (t: Date | string) => new Date(t).toISOString();
    return bookingIds.map((id) => {
      const row = rows.find((r) => r.bookingId === id);
      return row && { tableId: row.tableId, from: iso(row.from), to: iso(row.to) };
    });
  };

  describe.each(CHANGE_DAYS)("$zone, $kind change on $date", (day) => {
    it(`offers exactly the starts clear of a ${day.straddle.at} turn, then seats the next one at its end`, async () => {
      const key = keys.get(day.zone) as string;
      const first = await book(key, `${day.date}T${day.straddle.at}`);
      expect(first.startsAt).toBe(instantAt(day.date, day.straddle.at, day.before));
      expect(first.endsAt).toBe(addMinutesIso(first.startsAt, TURN_MINUTES));
      expect(localOf(first.endsAt, day.zone)).toBe(`${day.date} ${day.straddle.endsLocal}`);

      // A start is free exactly when its turn ends by the first one's start or begins at or after its end.
      const [start, end] = [Date.parse(first.startsAt), Date.parse(first.endsAt)];
      const offered = (await availability(key, day.date, 2)).times.filter((t) => t.time <= NIGHT.lastSeatingAt);
      for (const t of offered) {
        const at = Date.parse(t.startsAt);
        expect(t.available, `${t.time} (${t.startsAt})`).toBe(at + TURN_MINUTES * MINUTE <= start || at >= end);
      }
      // The first start offered after it is the first grid time at or after its end. On the spring days that is
      // the end itself. On the fall days both turns end in the repeated hour's second pass (London 01:15 GMT, New
      // York 01:45 EST), which the wall-clock grid names by its first pass, so online guests are next offered the
      // change's 02:00 (staff, or a client sending the instant, can book the end itself, as below).
      const next = offered.find((t) => t.available && Date.parse(t.startsAt) > start);
      expect(next?.startsAt).toBe(offered.find((t) => Date.parse(t.startsAt) >= end)?.startsAt);
      expect(next?.startsAt).toBe(day.kind === "fall" ? instantAt(day.date, day.change, day.after) : first.endsAt);

      const second = await book(key, first.endsAt);
      expect(second.startsAt).toBe(first.endsAt);
      expect(second.tables.map((t) => t.id)).toEqual(first.tables.map((t) => t.id));
      const [a, b] = await allocationsOf([first.id, second.id]);
      expect(a).toEqual({ tableId: first.tables[0]?.id, from: first.startsAt, to: first.endsAt });
      expect(b).toEqual({ tableId: first.tables[0]?.id, from: first.endsAt, to: second.endsAt });
      expect(Date.parse(second.endsAt) - Date.parse(first.startsAt)).toBe(2 * TURN_MINUTES * MINUTE);
    });
  });

  it("leaves no two allocations of a table overlapping", async () => {
    expect(await overlappingAllocations(db().kysely)).toEqual([]);
  });
});
