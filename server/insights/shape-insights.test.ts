import { describe, expect, it } from "vitest";
import { daysInRange, ZInsightsQuerySchema } from "./insights-schema";
import { countsByDay, datesInRange, fillDays, minuteToTime, ratio, round } from "./shape-insights";

const RID = "00000000-0000-4000-8000-000000000001";

describe("insights shaping", () => {
  it("writes minutes after midnight as HH:MM", () => {
    expect(minuteToTime(0)).toBe("00:00");
    expect(minuteToTime(19 * 60 + 45)).toBe("19:45");
    expect(minuteToTime(23 * 60 + 59)).toBe("23:59");
  });

  it("lists every calendar date of a range across a DST change and a month end", () => {
    expect(datesInRange("2027-03-27", "2027-04-01")).toEqual([
      "2027-03-27",
      "2027-03-28",
      "2027-03-29",
      "2027-03-30",
      "2027-03-31",
      "2027-04-01",
    ]);
    expect(daysInRange("2027-03-27", "2027-04-01")).toBe(6);
    expect(daysInRange("2027-04-02", "2027-04-01")).toBe(0);
  });

  it("fills the days SQL had no row for", () => {
    const filled = fillDays("2027-04-14", "2027-04-16", [{ date: "2027-04-15", n: 3 }], (date) => ({ date, n: 0 }));
    expect(filled).toEqual([
      { date: "2027-04-14", n: 0 },
      { date: "2027-04-15", n: 3 },
      { date: "2027-04-16", n: 0 },
    ]);
  });

  it("folds (date, key, count) rows into counts per date", () => {
    expect(
      countsByDay([
        { date: "2027-04-14", key: "assigned", count: 2 },
        { date: "2027-04-14", key: "no_plan", count: 1 },
        { date: "2027-04-15", key: "assigned", count: 4 },
      ]),
    ).toEqual([
      { date: "2027-04-14", counts: { assigned: 2, no_plan: 1 } },
      { date: "2027-04-15", counts: { assigned: 4 } },
    ]);
  });

  it("divides safely and rounds", () => {
    expect(ratio(7, 16)).toBe(0.4375);
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(round(7.8000000001, 3)).toBe(7.8);
  });

  it("accepts up to 92 days and refuses more, or a backwards range, on the To field", () => {
    expect(ZInsightsQuerySchema.safeParse({ restaurantId: RID, from: "2027-01-01", to: "2027-04-02" }).success).toBe(
      true,
    );
    const tooLong = ZInsightsQuerySchema.safeParse({ restaurantId: RID, from: "2027-01-01", to: "2027-04-03" });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["to", "the range is 93 days; choose at most 92 days"],
    ]);
    const backwards = ZInsightsQuerySchema.safeParse({ restaurantId: RID, from: "2027-04-02", to: "2027-04-01" });
    expect(backwards.error?.issues.map((i) => i.message)).toEqual(["must be on or after from"]);
  });
});
