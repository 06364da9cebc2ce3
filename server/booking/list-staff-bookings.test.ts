import { expect, it } from "vitest";
import { isDomainError } from "@/server/errors/domain-error";
import { localDayRange } from "./list-staff-bookings";

const HOUR = 3_600_000;
const hours = ({ from, to }: { from: Date; to: Date }) => (to.getTime() - from.getTime()) / HOUR;

it("covers a local day from midnight to midnight in the restaurant's zone, 23 or 25 hours across DST", () => {
  expect(localDayRange("2027-03-05", "America/New_York")).toEqual({
    from: new Date("2027-03-05T05:00:00Z"),
    to: new Date("2027-03-06T05:00:00Z"),
  });
  expect(hours(localDayRange("2027-03-14", "America/New_York"))).toBe(23);
  expect(hours(localDayRange("2027-11-07", "America/New_York"))).toBe(25);
  expect(hours(localDayRange("2027-03-28", "Europe/London"))).toBe(23);
  expect(hours(localDayRange("2027-04-04", "Pacific/Auckland"))).toBe(25);
  expect(localDayRange("2027-12-31", "Pacific/Auckland").to).toEqual(new Date("2027-12-31T11:00:00Z"));
});

it("refuses a date that is not on the calendar", () => {
  let caught: unknown;
  try {
    localDayRange("2027-02-30", "Europe/London");
  } catch (error) {
    caught = error;
  }
  expect(isDomainError(caught, "VALIDATION_FAILED")).toBe(true);
});
