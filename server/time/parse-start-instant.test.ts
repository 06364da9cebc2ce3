import { describe, expect, it } from "vitest";
import { parseStartInstant } from "./zoned-time";

/**
 * Client-sent local starts on the 2027 DST change days of the demo zones (London: 28 Mar / 31 Oct at 01:00 UTC;
 * New York: 14 Mar / 7 Nov at 02:00 local). The skipped hour is refused (docs/api.md: a DST-gap local time is a
 * 400), the repeated hour takes its earlier instant, and an explicit offset reaches either instant.
 */
describe("parseStartInstant on DST change days", () => {
  it.each([
    ["Europe/London", "2027-03-28T01:30", "02:30"],
    ["Europe/London", "2027-03-28T01:00", "02:00"],
    ["America/New_York", "2027-03-14T02:30", "03:30"],
    ["America/New_York", "2027-03-14T02:00:00", "03:00"],
  ])("refuses %s wall time %s, which the clocks skip, naming the moment it would be (%s)", (zone, input, same) => {
    expect(() => parseStartInstant(input, zone)).toThrow(RangeError);
    expect(() => parseStartInstant(input, zone)).toThrow(`does not exist in ${zone}`);
    expect(() => parseStartInstant(input, zone)).toThrow(`the same moment is ${same}`);
  });

  it.each([
    ["Europe/London", "2027-03-28T00:59", "2027-03-28T00:59:00.000Z"],
    ["Europe/London", "2027-03-28T02:00", "2027-03-28T01:00:00.000Z"],
    ["America/New_York", "2027-03-14T01:59", "2027-03-14T06:59:00.000Z"],
    ["America/New_York", "2027-03-14T03:00", "2027-03-14T07:00:00.000Z"],
  ])("reads %s wall time %s either side of the gap as %s", (zone, input, instant) => {
    expect(parseStartInstant(input, zone).toISOString()).toBe(instant);
  });

  it.each([
    ["Europe/London", "2027-10-31T01:30", "2027-10-31T00:30:00.000Z"],
    ["America/New_York", "2027-11-07T01:30", "2027-11-07T05:30:00.000Z"],
  ])("takes the earlier (summer-time) instant of %s's repeated %s", (zone, input, instant) => {
    expect(parseStartInstant(input, zone).toISOString()).toBe(instant);
  });

  it("reaches the later instant of a repeated hour by its offset", () => {
    expect(parseStartInstant("2027-10-31T01:30:00+00:00", "Europe/London").toISOString()).toBe(
      "2027-10-31T01:30:00.000Z",
    );
    expect(parseStartInstant("2027-11-07T01:30:00-05:00", "America/New_York").toISOString()).toBe(
      "2027-11-07T06:30:00.000Z",
    );
  });

  it.each([
    ["2026-02-30T19:00", "is not a real date and time"],
    ["2026-13-01T19:00", "is not a real date and time"],
    ["2026-06-01T24:00", "is not a real date and time"],
    ["0001-01-01T00:00", "is before the year 2000"],
  ])("names what is wrong with %s rather than blaming the clocks", (input, message) => {
    expect(() => parseStartInstant(input, "Europe/London")).toThrow(message);
  });
});
