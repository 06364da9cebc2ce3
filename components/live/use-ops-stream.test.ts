import { describe, expect, it } from "vitest";
import { ofThisDay } from "./use-ops-stream";

describe("ofThisDay: which queries a live change of one restaurant-day refreshes", () => {
  const today = ofThisDay("2027-06-11");
  it("refreshes that day's reads, and lists and booking details whatever their dates", () => {
    expect(today({ queryKey: ["ops", "r", "availability", "2027-06-11"] })).toBe(true);
    expect(today({ queryKey: ["ops", "r", "review", "2027-06-11"] })).toBe(true);
    expect(today({ queryKey: ["ops", "r", "booking", "b1"] })).toBe(true);
    expect(today({ queryKey: ["ops", "r", "bookings", { date: "2027-06-01", to: "2027-06-30" }] })).toBe(true);
  });
  it("leaves other days' reads alone (the week strip's six neighbours)", () => {
    expect(today({ queryKey: ["ops", "r", "availability", "2027-06-12"] })).toBe(false);
    expect(today({ queryKey: ["ops", "r", "review", "2027-06-10"] })).toBe(false);
  });
});
