import { describe, expect, it } from "vitest";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { summariseDay, summariseServices } from "./heatmap-model";

const T = (hhmm: string) => `2027-06-11T${hhmm}:00.000Z`;
/** A total-row cell every 15 minutes from `from` to `to`, `covers` starting in the first one, a cap of 10 each. */
function cells(from: string, to: string, covers: number) {
  const out = [];
  for (let t = Date.parse(T(from)); t < Date.parse(T(to)); t += 15 * 60_000) {
    out.push({
      slotStart: new Date(t).toISOString(),
      seats: 20,
      seatsInUse: 0,
      share: 0,
      coversStarting: out.length === 0 ? covers : 0,
      pacingCap: 10,
    });
  }
  return out;
}

const day = {
  window: { start: T("12:00"), end: T("23:00") },
  periods: [
    {
      id: "00000000-0000-4000-8000-000000000091",
      name: "Lunch",
      start: T("12:00"),
      lastSeatingAt: T("14:00"),
      end: T("15:00"),
    },
    {
      id: "00000000-0000-4000-8000-000000000092",
      name: "Dinner",
      start: T("18:00"),
      lastSeatingAt: T("21:30"),
      end: T("23:00"),
    },
  ],
  heatmap: { zones: [], total: { cells: [...cells("12:00", "15:00", 30), ...cells("18:00", "23:00", 90)] } },
} as unknown as TOpsAvailabilityResponse;

describe("summariseServices", () => {
  it("gives each service its covers and capacity when all services are shown", () => {
    expect(summariseDay(day, "all")).toMatchObject({ covers: 120, capacity: 320 });
    expect(summariseServices(day, "all")).toEqual([
      { name: "Lunch", summary: expect.objectContaining({ covers: 30, capacity: 120 }) },
      { name: "Dinner", summary: expect.objectContaining({ covers: 90, capacity: 200 }) },
    ]);
  });

  it("is empty for a chosen service or a day of one service", () => {
    expect(summariseServices(day, "Dinner")).toEqual([]);
    expect(summariseServices({ ...day, periods: day.periods.slice(1) }, "all")).toEqual([]);
  });
});
