import { describe, expect, it } from "vitest";
import { toZonedParts } from "./zoned-time";

/**
 * Guards the two-time-zone runs (vitest.config.ts): the zone asked for must really be the worker process's
 * zone, or a second run would silently repeat the first. TZ only counts if it is in the environment before
 * Node first computes a date, so this checks what Date and Intl do, not what process.env says.
 */
const expected = process.env.MAITRE_TEST_TZ;

describe("test worker time zone", () => {
  it("is the zone the config asked for", () => {
    expect(expected, "MAITRE_TEST_TZ is set by vitest.config.ts").toBeTruthy();
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(expected);
  });

  it.each([
    ["winter in the north", "2026-01-15T12:00:00.000Z"],
    ["summer in the north", "2026-07-15T12:00:00.000Z"],
  ])("makes Date's local fields follow that zone (%s)", (_season, iso) => {
    const instant = new Date(iso);
    const zoned = toZonedParts(instant, expected ?? "UTC");
    const pad = (n: number) => String(n).padStart(2, "0");
    const local = `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
    expect(local).toBe(zoned.date);
    expect(`${pad(instant.getHours())}:${pad(instant.getMinutes())}:${pad(instant.getSeconds())}`).toBe(zoned.time);
  });
});
