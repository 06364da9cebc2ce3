import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectIntervalsDp, type TInterval } from "./select-intervals-dp";

const weightOf = (intervals: readonly TInterval[], ids: readonly number[]) =>
  ids.reduce((sum, id) => sum + (intervals.find((i) => i.id === id)?.weight ?? 0), 0);
const compatible = (a: TInterval, b: TInterval) => a.end <= b.start || b.end <= a.start;

describe("selectIntervalsDp", () => {
  it("picks the heaviest set of non-overlapping windows; touching windows are compatible", () => {
    const intervals = [
      { id: 1, start: 0, end: 10, weight: 5 },
      { id: 2, start: 10, end: 20, weight: 5 },
      { id: 3, start: 5, end: 15, weight: 9 },
    ];
    expect(selectIntervalsDp(intervals)).toEqual([1, 2]);
    expect(selectIntervalsDp([...intervals, { id: 4, start: 0, end: 20, weight: 11 }])).toEqual([4]);
  });

  it("matches brute force on random small sets", () => {
    const arbitrary = fc
      .array(
        fc.record({
          start: fc.nat(20),
          length: fc.integer({ min: 1, max: 8 }),
          weight: fc.integer({ min: 1, max: 9 }),
        }),
        {
          maxLength: 9,
        },
      )
      .map((list) => list.map((x, id) => ({ id, start: x.start, end: x.start + x.length, weight: x.weight })));
    fc.assert(
      fc.property(arbitrary, (intervals) => {
        const chosen = selectIntervalsDp(intervals);
        const picked = intervals.filter((i) => chosen.includes(i.id));
        for (const a of picked) for (const b of picked) if (a !== b) expect(compatible(a, b)).toBe(true);
        let best = 0;
        for (let mask = 0; mask < 1 << intervals.length; mask += 1) {
          const set = intervals.filter((_, k) => (mask >> k) & 1);
          if (set.every((a) => set.every((b) => a === b || compatible(a, b)))) {
            best = Math.max(
              best,
              weightOf(
                intervals,
                set.map((i) => i.id),
              ),
            );
          }
        }
        expect(weightOf(intervals, chosen)).toBe(best);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
