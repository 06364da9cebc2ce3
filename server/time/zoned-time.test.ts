import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseStartInstant,
  timeToSeconds,
  toZonedParts,
  wallClockByIntl,
  wallClockOf,
  zonedTimeToInstant,
} from "./zoned-time";

// Both zones change offset in 2026: London on 29 Mar / 25 Oct at 01:00 UTC, New York on 8 Mar / 1 Nov at 02:00 local.
const cases = [
  {
    zone: "Europe/London",
    winter: ["2026-01-15", "19:00", "2026-01-15T19:00:00.000Z"],
    summer: ["2026-07-15", "19:00", "2026-07-15T18:00:00.000Z"],
    gap: ["2026-03-29", "01:30", "2026-03-29T01:30:00.000Z", "02:30:00"],
    fold: ["2026-10-25", "01:30", "2026-10-25T00:30:00.000Z"],
    dstDay: "2026-03-29",
  },
  {
    zone: "America/New_York",
    winter: ["2026-01-15", "19:00", "2026-01-16T00:00:00.000Z"],
    summer: ["2026-07-15", "19:00", "2026-07-15T23:00:00.000Z"],
    gap: ["2026-03-08", "02:30", "2026-03-08T07:30:00.000Z", "03:30:00"],
    fold: ["2026-11-01", "01:30", "2026-11-01T05:30:00.000Z"],
    dstDay: "2026-03-08",
  },
] as const;

describe.each(cases)("zoned time in $zone", ({ zone, winter, summer, gap, fold, dstDay }) => {
  it("reads local wall time in winter and summer with the offset then in force", () => {
    expect(zonedTimeToInstant({ date: winter[0], time: winter[1], timeZone: zone }).toISOString()).toBe(winter[2]);
    expect(zonedTimeToInstant({ date: summer[0], time: summer[1], timeZone: zone }).toISOString()).toBe(summer[2]);
  });

  it("pushes a time in the spring-forward gap forward by the gap", () => {
    const instant = zonedTimeToInstant({ date: gap[0], time: gap[1], timeZone: zone });
    expect(instant.toISOString()).toBe(gap[2]);
    expect(toZonedParts(instant, zone).time).toBe(gap[3]);
  });

  it("takes the earlier instant of a repeated autumn hour", () => {
    expect(zonedTimeToInstant({ date: fold[0], time: fold[1], timeZone: zone }).toISOString()).toBe(fold[2]);
  });

  it("keeps wall-clock seconds of day on a DST day (19:00 is 19:00 whatever the offset)", () => {
    const evening = zonedTimeToInstant({ date: dstDay, time: "19:00", timeZone: zone });
    expect(toZonedParts(evening, zone)).toEqual({
      date: dstDay,
      time: "19:00:00",
      isoWeekday: 7,
      secondsOfDay: timeToSeconds("19:00"),
    });
  });

  it("round-trips every instant through its wall time (the later half of a fold maps to the earlier)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1) / 1000, max: Date.UTC(2028, 0, 1) / 1000 }), (seconds) => {
        const instant = new Date(seconds * 1000);
        const parts = toZonedParts(instant, zone);
        const back = zonedTimeToInstant({ date: parts.date, time: parts.time, timeZone: zone });
        const delta = instant.getTime() - back.getTime();
        expect([0, 3_600_000]).toContain(delta);
        expect(toZonedParts(back, zone)).toEqual(parts);
      }),
      { numRuns: 300 },
    );
  });

  it("parses client starts: local wall time, ISO instants with offsets, Dates", () => {
    expect(parseStartInstant(`${summer[0]}T${summer[1]}`, zone).toISOString()).toBe(summer[2]);
    expect(parseStartInstant("2026-07-15T19:00:00+02:00", zone).toISOString()).toBe("2026-07-15T17:00:00.000Z");
    expect(parseStartInstant("2026-07-15T17:00:00Z", zone).toISOString()).toBe("2026-07-15T17:00:00.000Z");
    const date = new Date("2026-07-15T17:00:00Z");
    expect(parseStartInstant(date, zone)).toBe(date);
  });
});

describe("zoned time input errors", () => {
  it.each(["tomorrow at 7", "2026-02-30T19:00", "2026-07-15T24:30", "2026-07-15T19:75"])("rejects %s", (input) => {
    expect(() => parseStartInstant(input, "Europe/London")).toThrow(RangeError);
  });

  it("names ISO weekdays Monday=1 … Sunday=7", () => {
    expect(toZonedParts(new Date("2027-03-05T12:00:00Z"), "Europe/London").isoWeekday).toBe(5);
    // 23:30 on Sunday in New York is already Monday in UTC.
    expect(toZonedParts(new Date("2026-07-20T03:30:00Z"), "America/New_York")).toMatchObject({
      date: "2026-07-19",
      isoWeekday: 7,
    });
  });
});

describe("the remembered offsets", () => {
  // Zones with DST, half- and quarter-hour offsets, a 30-minute DST shift (Lord Howe) and local mean time with
  // seconds before 1900 (Amsterdam +00:19:32 until 1937): the wall clock always equals Intl's, to the second.
  const ZONES = [
    "Europe/London",
    "America/New_York",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Europe/Amsterdam",
    "America/St_Johns",
    "UTC",
  ];
  it("give the same wall clock as Intl at any instant, around every transition too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, epochMs) => {
          const instant = new Date(epochMs);
          // Twice: the first computes and remembers the minute's offset, the second reads it back.
          expect(wallClockOf(instant, zone)).toEqual(wallClockByIntl(instant, zone));
          expect(wallClockOf(instant, zone)).toEqual(wallClockByIntl(instant, zone));
        },
      ),
      { numRuns: 3000 },
    );
    // Every second of the hours around this year's changes in London, New York and Lord Howe.
    for (const [zone, at] of [
      ["Europe/London", Date.UTC(2026, 2, 29, 1)],
      ["Europe/London", Date.UTC(2026, 9, 25, 1)],
      ["America/New_York", Date.UTC(2026, 2, 8, 7)],
      ["Australia/Lord_Howe", Date.UTC(2026, 3, 4, 15)],
    ] as const) {
      for (let epoch = at - 3_600_000; epoch <= at + 3_600_000; epoch += 7_001) {
        expect(wallClockOf(new Date(epoch), zone)).toEqual(wallClockByIntl(new Date(epoch), zone));
      }
    }
  });
});
