import { describe, expect, it } from "vitest";
import type { TBookingRules, TServicePeriodRules } from "@/server/booking/load-booking-rules";
import { closedDayReason, isoWeekdayOf, listServiceStarts } from "./list-service-starts";

const period = (overrides: Partial<TServicePeriodRules>): TServicePeriodRules => ({
  id: "p",
  name: "Dinner",
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  opensAt: "17:00:00",
  lastSeatingAt: "21:30:00",
  closesAt: "23:30:00",
  bufferMinutes: 15,
  pacingCoversPerSlot: null,
  pacingOnlineCoversPerSlot: null,
  turnTimes: [
    { maxPartySize: 4, turnMinutes: 105 },
    { maxPartySize: 8, turnMinutes: 150 },
  ],
  ...overrides,
});

const rules = (periods: TServicePeriodRules[], overrides: Partial<TBookingRules> = {}): TBookingRules => ({
  restaurantId: "r",
  timezone: "Europe/London",
  slotMinutes: 15,
  maxPartySize: 12,
  autoConfirm: true,
  noShowUndoMinutes: 30,
  checkInLeadMinutes: 60,
  bookingHorizonDays: 365,
  bookingCutoffMinutes: 0,
  venueVersion: 1,
  rulesVersion: 1,
  periods,
  exceptions: [],
  ...overrides,
});

describe("isoWeekdayOf", () => {
  it.each([
    ["2027-03-28", 7],
    ["2027-03-29", 1],
    ["2024-02-29", 4],
  ])("%s is ISO weekday %i", (date, weekday) => {
    expect(isoWeekdayOf(date)).toBe(weekday);
  });
});

describe("listServiceStarts", () => {
  it("steps the seating window by the slot, last seating included", () => {
    const starts = listServiceStarts({ rules: rules([period({})]), date: "2027-03-05" });
    expect(starts.map((s) => s.time)).toHaveLength(19);
    expect(starts[0]).toEqual({ time: "17:00", startsAt: new Date("2027-03-05T17:00:00Z") });
    expect(starts.at(-1)?.time).toBe("21:30");
  });

  it("leaves out the spring-forward gap and keeps wall times on the clock across it (London, 2027-03-28)", () => {
    const late = period({ name: "Late", opensAt: "00:30:00", lastSeatingAt: "03:00:00" });
    const starts = listServiceStarts({ rules: rules([late, period({})]), date: "2027-03-28" });
    const byTime = Object.fromEntries(starts.map((s) => [s.time, s.startsAt.toISOString()]));
    expect(Object.keys(byTime).filter((t) => t.startsWith("01:"))).toEqual([]);
    expect(byTime["00:45"]).toBe("2027-03-28T00:45:00.000Z");
    expect(byTime["02:00"]).toBe("2027-03-28T01:00:00.000Z");
    expect(byTime["19:00"]).toBe("2027-03-28T18:00:00.000Z");
    // 00:30–00:45 and 02:00–03:00 (5) before the gap's removal of 01:00–01:45, then dinner's 19.
    expect(starts).toHaveLength(2 + 5 + 19);
  });

  it("gives the repeated autumn hour's wall times their earlier instant, once (London, 2027-10-31)", () => {
    const late = period({ name: "Late", opensAt: "00:30:00", lastSeatingAt: "02:00:00" });
    const starts = listServiceStarts({ rules: rules([late]), date: "2027-10-31" });
    expect(starts.map((s) => [s.time, s.startsAt.toISOString()])).toEqual([
      ["00:30", "2027-10-30T23:30:00.000Z"],
      ["00:45", "2027-10-30T23:45:00.000Z"],
      ["01:00", "2027-10-31T00:00:00.000Z"],
      ["01:15", "2027-10-31T00:15:00.000Z"],
      ["01:30", "2027-10-31T00:30:00.000Z"],
      ["01:45", "2027-10-31T00:45:00.000Z"],
      ["02:00", "2027-10-31T02:00:00.000Z"],
    ]);
  });

  it("lists a start shared by overlapping periods once, in time order", () => {
    const lunch = period({ id: "l", name: "Lunch", opensAt: "12:00:00", lastSeatingAt: "17:30:00" });
    const starts = listServiceStarts({ rules: rules([period({}), lunch]), date: "2027-03-05" });
    const times = starts.map((s) => s.time);
    expect(new Set(times).size).toBe(times.length);
    expect(times[0]).toBe("12:00");
    expect(times.filter((t) => t === "17:15")).toHaveLength(1);
  });

  it("uses the restaurant's zone, whatever the process's", () => {
    const starts = listServiceStarts({
      rules: rules([period({})], { timezone: "Pacific/Auckland" }),
      date: "2027-03-05",
    });
    expect(starts[0]?.startsAt.toISOString()).toBe("2027-03-05T04:00:00.000Z");
  });
});

describe("closedDayReason", () => {
  it("names a weekday without service, and a party no period or the restaurant takes", () => {
    const weekdaysOnly = rules([period({ daysOfWeek: [1, 2, 3, 4, 5] })]);
    expect(closedDayReason({ rules: weekdaysOnly, date: "2027-03-06", partySize: 2 })).toBe("no_service");
    expect(closedDayReason({ rules: weekdaysOnly, date: "2027-03-05", partySize: 2 })).toBeNull();
    expect(closedDayReason({ rules: weekdaysOnly, date: "2027-03-05", partySize: 9 })).toBe("party_size");
    const wide = rules([period({ turnTimes: [{ maxPartySize: 20, turnMinutes: 180 }] })], { maxPartySize: 10 });
    expect(closedDayReason({ rules: wide, date: "2027-03-05", partySize: 11 })).toBe("party_size");
  });
});
