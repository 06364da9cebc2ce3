import { expect, it } from "vitest";
import { zoneWhereItIsDaytime } from "./factories";

it("finds a zone in daytime at every hour of the year (the tests that book 'now' run at any hour)", () => {
  for (const month of ["01", "04", "07", "10"]) {
    for (let hour = 0; hour < 24; hour++) {
      for (const minute of ["00", "59"]) {
        const now = new Date(`2027-${month}-15T${String(hour).padStart(2, "0")}:${minute}:00Z`);
        const zone = zoneWhereItIsDaytime(now);
        const local = Number(
          new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(now),
        );
        expect(local).toBeGreaterThanOrEqual(9);
        expect(local).toBeLessThanOrEqual(17);
      }
    }
  }
});
