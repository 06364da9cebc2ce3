import { describe, expect, it } from "vitest";
import type { TBookingRules, TServiceException, TServicePeriodRules } from "./load-booking-rules";
import { closedDayExceptionOf, periodsOnDate } from "./periods-on-date";

const period = (overrides: Partial<TServicePeriodRules>): TServicePeriodRules => ({
  id: "dinner",
  name: "Dinner",
  daysOfWeek: [1, 2, 3, 4, 5],
  opensAt: "17:00:00",
  lastSeatingAt: "21:30:00",
  closesAt: "23:30:00",
  bufferMinutes: 15,
  pacingCoversPerSlot: null,
  pacingOnlineCoversPerSlot: null,
  turnTimes: [{ maxPartySize: 8, turnMinutes: 120 }],
  ...overrides,
});
const lunch = period({
  id: "lunch",
  name: "Lunch",
  opensAt: "12:00:00",
  lastSeatingAt: "14:00:00",
  closesAt: "15:30:00",
});
const exception = (overrides: Partial<TServiceException>): TServiceException => ({
  id: "e",
  date: "2027-03-05",
  servicePeriodId: null,
  closed: true,
  opensAt: null,
  lastSeatingAt: null,
  closesAt: null,
  note: null,
  ...overrides,
});
const rules = (exceptions: TServiceException[]): Pick<TBookingRules, "periods" | "exceptions"> => ({
  periods: [period({}), lunch],
  exceptions,
});

describe("periodsOnDate", () => {
  it("is the weekday's periods by opening time when the date has no exception", () => {
    // 2027-03-05 is a Friday, 2027-03-06 a Saturday.
    expect(periodsOnDate(rules([]), "2027-03-05").map((p) => p.name)).toEqual(["Lunch", "Dinner"]);
    expect(periodsOnDate(rules([]), "2027-03-06")).toEqual([]);
  });

  it("has nothing on a day closed whole, and only that date", () => {
    const closed = rules([exception({})]);
    expect(periodsOnDate(closed, "2027-03-05")).toEqual([]);
    expect(closedDayExceptionOf(closed, "2027-03-05")?.id).toBe("e");
    expect(periodsOnDate(closed, "2027-03-04")).toHaveLength(2);
    expect(closedDayExceptionOf(closed, "2027-03-04")).toBeUndefined();
  });

  it("leaves out one closed service and keeps the other", () => {
    const noLunch = rules([exception({ servicePeriodId: "lunch" })]);
    expect(periodsOnDate(noLunch, "2027-03-05").map((p) => p.name)).toEqual(["Dinner"]);
    expect(closedDayExceptionOf(noLunch, "2027-03-05")).toBeUndefined();
  });

  it("applies special hours, even on a weekday the service does not usually run", () => {
    const special = { closed: false, opensAt: "18:00:00", lastSeatingAt: "20:00:00", closesAt: "22:00:00" };
    const friday = periodsOnDate(rules([exception({ servicePeriodId: "dinner", ...special })]), "2027-03-05");
    expect(friday.find((p) => p.id === "dinner")).toMatchObject({ opensAt: "18:00:00", lastSeatingAt: "20:00:00" });
    const saturday = periodsOnDate(
      rules([exception({ date: "2027-03-06", servicePeriodId: "dinner", ...special })]),
      "2027-03-06",
    );
    expect(saturday.map((p) => [p.name, p.closesAt])).toEqual([["Dinner", "22:00:00"]]);
  });
});
