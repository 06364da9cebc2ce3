import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateDay } from "../../testing/generate-day";
import { buildDayModel } from "../model/build-day-model";
import { computePlanMetrics, scoreMetrics, UNPLACED } from "../model/compute-plan-metrics";
import { createPlanState } from "./create-plan-state";

describe("createPlanState", () => {
  const day = generateDay({ seed: 9, tableCount: 8, load: 1 });
  const model = buildDayModel({
    venue: day.venue,
    config: day.config,
    bookings: day.bookings.map((b, i) => ({ ...b, tableIds: i % 2 ? null : ["A01"], preferredZone: "A" })),
    keepSeated: true,
  });
  const movable = model.bookings.filter((b) => b.options.length > 0);

  it("keeps its running objective equal to the measured one through places, unplaces and undo", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(movable.length - 1), fc.nat(40)), { maxLength: 60 }),
        fc.nat(60),
        (steps, cut) => {
          const state = createPlanState({ model });
          let mark = 0;
          let snapshot = Int32Array.from(state.choice);
          steps.forEach(([k, o], i) => {
            if (i === cut) {
              mark = state.mark();
              snapshot = Int32Array.from(state.choice);
            }
            const b = movable[k];
            if (!b) return;
            const option = o % (b.options.length + 1);
            if (option === b.options.length) state.unplace(b);
            else if (state.fits(b, option) || state.choice[b.index] === option) state.place(b, option);
          });
          const measured = scoreMetrics({
            metrics: computePlanMetrics({ model, choice: state.choice }),
            objective: model.objective,
          });
          expect(state.score()).toEqual(measured.map((v) => v + 0));
          if (cut < steps.length) {
            state.undo(mark);
            expect([...state.choice]).toEqual([...snapshot]);
          }
          for (const b of movable) {
            const o = state.choice[b.index] ?? UNPLACED;
            if (o === UNPLACED) continue;
            state.unplace(b);
            expect(state.fits(b, o)).toBe(true); // nobody else sat on its tables
            state.place(b, o);
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});
