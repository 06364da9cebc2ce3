import { describe, expect, it } from "vitest";
import { buildOccupancy } from "../build-occupancy";
import { compileVenue } from "../compile-venue";
import { rankTablePlans } from "../rank-table-plans";

const at = (time: string) => Date.parse(`2027-03-05T${time}:00Z`);
const only = { optimalFit: 0, compactness: 0, zonePreference: 0, loadBalance: 0, futureFit: 0, historicalSuccess: 0 };

describe("timeFit", () => {
  const venue = compileVenue({
    venue: {
      tables: ["Abut", "Gaps", "Open"].map((id) => ({ id, zone: "main", capacity: 2 })),
      adjacency: [],
    },
    config: { weights: { ...only, timeFit: 5 } },
  });
  const occupancy = buildOccupancy({
    venue,
    intervals: [
      // Abut: its last guests leave as the party arrives.
      { tableId: "Abut", start: at("17:30"), end: at("19:00") },
      // Gaps: 30 min before and 15 min after, both too short for a 90-minute meal.
      { tableId: "Gaps", start: at("17:00"), end: at("18:30") },
      { tableId: "Gaps", start: at("20:45"), end: at("22:15") },
    ],
  });
  const result = rankTablePlans({
    venue,
    occupancy,
    request: { partySize: 2, start: at("19:00"), end: at("20:30"), limit: 3 },
  });
  const value = (id: string) => result.plans.find((p) => p.tableIds[0] === id)?.breakdown.timeFit?.value;

  it("rewards a plan that abuts the table's other bookings and penalises one that leaves dead gaps", () => {
    expect(value("Abut")).toBe(0.5);
    expect(value("Open")).toBe(0);
    expect(value("Gaps")).toBe(-1);
    expect(result.plans.map((p) => p.tableIds[0])).toEqual(["Abut", "Open", "Gaps"]);
  });

  it("explains itself", () => {
    expect(result.plans[0]?.breakdown.timeFit?.reason).toContain("free time stays in one piece");
    expect(result.plans.at(-1)?.breakdown.timeFit?.reason).toContain("too short");
  });
});
