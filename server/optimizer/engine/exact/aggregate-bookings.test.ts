import { describe, expect, it } from "vitest";
import { booking, TRIANGLE_OF_TWO_TOPS, table } from "../../testing/day-scenario";
import { generateDay } from "../../testing/generate-day";
import { solveHeuristic } from "../heuristic/solve-heuristic";
import { buildDayModel } from "../model/build-day-model";
import { aggregateBookings } from "./aggregate-bookings";
import { satisfiesRows } from "./build-milp-rows";
import { diveLpRelaxation } from "./dive-lp-relaxation";
import { collapseToClasses, expandClassValues } from "./map-class-columns";
import { levelCost, roundColumns, toColumns } from "./map-milp-columns";
import { prepareMilp } from "./prepare-milp";

describe("aggregateBookings", () => {
  it("merges identical parties into one class that can never take two options sharing a table", () => {
    const model = buildDayModel({
      venue: { tables: TRIANGLE_OF_TWO_TOPS.tables, adjacency: TRIANGLE_OF_TWO_TOPS.adjacency },
      config: TRIANGLE_OF_TWO_TOPS.config,
      bookings: ["x", "y", "z"].map((id) => booking(id, { party: 4, from: "19:00", to: "21:00" })),
    });
    const problem = prepareMilp({ model });
    const classes = aggregateBookings({ model, problem, levelCount: 1 });
    expect(classes?.members.map((m) => [...m])).toEqual([[0, 1, 2]]);
    const units = classes?.model.bookings[0]?.options.map((o) => o.unit.key);
    expect(units).toEqual(["A+B", "A+C", "B+C"]);
    const rows = classes?.problem.rows;
    if (!rows) throw new Error("no class rows");
    // Both members overlap: A+B and B+C together would put two parties on B.
    expect(satisfiesRows({ rows, chosen: Uint8Array.from([1, 0, 1]) })).toBe(false);
    expect(satisfiesRows({ rows, chosen: Uint8Array.from([1, 0, 0]) })).toBe(true);
  });

  it("is an exact reformulation on a generated evening: plans round-trip at the same cost and stay feasible", async () => {
    const day = generateDay({ seed: 3, tableCount: 20, load: 1.1 });
    const plain = buildDayModel({ venue: day.venue, config: day.config, bookings: day.bookings });
    // Some bookings placed (so options are ranked differently per booking): classes must still line them up.
    const first = solveHeuristic({ model: plain, iterations: 0 }).choice;
    const model = buildDayModel({
      venue: day.venue,
      config: day.config,
      bookings: day.bookings.map((b, i) => ({
        ...b,
        tableIds: i % 2 === 0 ? (plain.bookings[i]?.options[first[i] ?? -1]?.unit.tableIds ?? null) : null,
      })),
    });
    const problem = prepareMilp({ model });
    const classes = aggregateBookings({ model, problem, levelCount: 1 });
    if (!classes) throw new Error("expected classes on a generated evening");
    const movable = model.bookings.filter((b) => b.options.length > 0).length;
    expect(classes.members.length).toBeLessThan(movable * 0.85);
    classes.members.forEach((list, k) => {
      const rep = classes.model.bookings[k];
      const count = rep?.options.length ?? 0;
      list.forEach((b, i) => {
        const member = model.bookings[b];
        expect([member?.start, member?.end, member?.partySize]).toEqual([rep?.start, rep?.end, rep?.partySize]);
        for (let o = 0; o < count; o += 1) {
          const own = member?.options[classes.optionOf[k]?.[i * count + o] ?? -1];
          expect(own?.unit.key).toBe(rep?.options[o]?.unit.key);
        }
      });
    });
    const { colStart } = problem.cliques;
    const level = problem.levels[0];
    const classLevel = classes.problem.levels[0];
    if (!level || !classLevel) throw new Error("no covers level");
    const plan = toColumns({ choice: solveHeuristic({ model, seed: 2 }).choice, colStart });
    const collapsed = collapseToClasses({ classes, colStart, chosen: plan });
    expect(satisfiesRows({ rows: classes.problem.rows, chosen: collapsed })).toBe(true);
    expect(levelCost(classLevel, collapsed)).toBe(levelCost(level, plan));
    const back = roundColumns(expandClassValues({ model, classes, colStart, values: collapsed, prefer: plan }));
    expect(satisfiesRows({ rows: problem.rows, chosen: back })).toBe(true);
    expect([...back]).toEqual([...plan]);
    // The class LP dive's plan expands to a feasible plan of the same cost.
    const dive = await diveLpRelaxation({
      rows: classes.problem.rows,
      costs: classLevel.costs,
      deadline: performance.now() + 30_000,
    });
    expect(dive.integral).toBe(true);
    const divePlan = roundColumns(dive.values ?? []);
    const expanded = roundColumns(expandClassValues({ model, classes, colStart, values: divePlan }));
    expect(satisfiesRows({ rows: problem.rows, chosen: expanded })).toBe(true);
    expect(levelCost(level, expanded)).toBe(levelCost(classLevel, divePlan));
    expect(levelCost(level, expanded)).toBeLessThanOrEqual(levelCost(level, plan));
  });

  it("keeps bookings apart when a level tells them apart (moves: who sits where now)", () => {
    const model = buildDayModel({
      venue: { tables: [table("A", 2), table("B", 2)], adjacency: [] },
      objective: ["covers", "moves"],
      bookings: [
        booking("x", { party: 2, from: "19:00", to: "20:00", tables: ["A"] }),
        booking("y", { party: 2, from: "19:00", to: "20:00", tables: ["B"] }),
        booking("z", { party: 2, from: "19:00", to: "20:00" }),
      ],
    });
    const problem = prepareMilp({ model });
    expect(aggregateBookings({ model, problem, levelCount: 1 })?.members.map((m) => [...m])).toEqual([[0, 1, 2]]);
    expect(aggregateBookings({ model, problem, levelCount: 2 })).toBeNull();
  });
});
