import { describe, expect, it } from "vitest";
import { concernsDay, opsEventData, type TOpsEvent } from "./ops-event";

const RESTAURANT = "6f1c2c57-2f7a-4a59-9d38-3a3f4e0d2b11";
const event = (overrides: Partial<TOpsEvent> = {}): TOpsEvent => ({
  id: 7,
  restaurantId: RESTAURANT,
  kind: "booking",
  bookingId: "0d6b8d7e-51f2-4a64-8f3e-2b4c1a9e7d55",
  version: 3,
  change: "confirmed",
  startsAt: new Date("2027-03-27T23:30:00Z"),
  previousStartsAt: null,
  ...overrides,
});

describe("concernsDay", () => {
  it("compares the start's local date in the restaurant's time zone, not UTC", () => {
    const filter = { restaurantId: RESTAURANT, timezone: "Pacific/Auckland", date: "2027-03-28" };
    expect(concernsDay(event(), filter)).toBe(true);
    expect(concernsDay(event(), { ...filter, timezone: "Europe/London" })).toBe(false);
    expect(concernsDay(event(), { ...filter, timezone: "Europe/London", date: "2027-03-27" })).toBe(true);
  });

  it("concerns the old day too when a booking moved, and never another restaurant or an unknown start", () => {
    const filter = { restaurantId: RESTAURANT, timezone: "UTC", date: "2027-03-20" };
    expect(concernsDay(event({ previousStartsAt: new Date("2027-03-20T19:00:00Z") }), filter)).toBe(true);
    expect(concernsDay(event({ restaurantId: "another" }), { ...filter, date: "2027-03-27" })).toBe(false);
    expect(concernsDay(event({ startsAt: null }), filter)).toBe(false);
  });
});

describe("opsEventData", () => {
  it("publishes only the contract's fields, leaving out what is unknown", () => {
    expect(opsEventData(event({ kind: "allocation", version: null, change: "assigned" }))).toEqual({
      id: 7,
      restaurantId: RESTAURANT,
      bookingId: "0d6b8d7e-51f2-4a64-8f3e-2b4c1a9e7d55",
      change: "assigned",
    });
    expect(opsEventData(event({ bookingId: null }))).toEqual({
      id: 7,
      restaurantId: RESTAURANT,
      version: 3,
      change: "confirmed",
    });
  });
});
