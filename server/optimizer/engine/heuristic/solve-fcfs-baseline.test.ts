import { describe, expect, it } from "vitest";
import { booking, table } from "../../testing/day-scenario";
import { buildDayModel } from "../model/build-day-model";
import { computePlanMetrics } from "../model/compute-plan-metrics";
import { solveFcfsBaseline } from "./solve-fcfs-baseline";

describe("solveFcfsBaseline", () => {
  const venue = {
    tables: [table("A", 2), table("B", 4), table("C", 2)],
    adjacency: [["A", "C"]] as [string, string][],
  };

  it("seats bookings in arrival order on the smallest free plan, never revisiting", () => {
    const model = buildDayModel({
      venue,
      bookings: [
        booking("two", { party: 2, from: "19:00", to: "20:30" }),
        booking("four", { party: 4, from: "19:00", to: "20:30" }),
        booking("late-two", { party: 2, from: "19:30", to: "21:00" }),
        booking("another-four", { party: 4, from: "19:00", to: "20:30" }),
      ],
    });
    const choice = solveFcfsBaseline({ model });
    const seatedOn = model.bookings.map((b) => b.options[choice[b.index] ?? -1]?.unit.key ?? null);
    // "another-four" could have had A+C had "late-two" not arrived first: arrival order decides.
    expect(seatedOn).toEqual(["A", "B", "C", null]);
    expect(computePlanMetrics({ model, choice }).seatedCovers).toBe(8);
  });
});
