import { describe, expect, it } from "vitest";
import { checkDayPlanFeasible, type TCheckPolicy } from "./check-day-plan-feasible";
import { booking, table } from "./day-scenario";

const venue = {
  tables: [
    table("A", 2),
    table("B", 2),
    table("C", 2),
    table("D", 4, { mergeable: false }),
    table("E", 4, { zone: "terrace" }),
    table("F", 4, { minParty: 3 }),
    table("G", 2, { active: false }),
  ],
  adjacency: [
    ["A", "B"],
    ["B", "D"],
    ["C", "E"],
  ] as [string, string][],
};
const policy: TCheckPolicy = { maxTablesPerPlan: 2, maxOverage: 2, requireAdjacency: true, allowCrossZone: false };
const check = (bookings: ReturnType<typeof booking>[], assignments: [string, string[]][], unplaced: string[] = []) =>
  checkDayPlanFeasible({
    venue,
    policy,
    bookings,
    plan: { assignments: assignments.map(([bookingId, tableIds]) => ({ bookingId, tableIds })), unplaced },
  });

describe("checkDayPlanFeasible (the tests' independent referee)", () => {
  const b = (id: string, party: number, from = "19:00", to = "20:00", extra = {}) =>
    booking(id, { party, from, to, ...extra });

  it("accepts a valid plan, including back-to-back bookings on one table", () => {
    const bookings = [b("x", 2), b("y", 2, "20:00", "21:00"), b("z", 4), b("w", 4, "21:00", "22:00")];
    expect(
      check(bookings, [
        ["x", ["A"]],
        ["y", ["A"]],
        ["z", ["F"]],
        ["w", ["A", "B"]],
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      "overlap on a table",
      [b("x", 2), b("y", 2, "19:59", "21:00")],
      [
        ["x", ["A"]],
        ["y", ["A"]],
      ],
      "overlap on A",
    ],
    ["too few seats", [b("x", 3)], [["x", ["A"]]], "2 seats for 3"],
    ["too many spare seats", [b("x", 1)], [["x", ["E"]]], "3 spare seats"],
    ["party below a table's minimum", [b("x", 2)], [["x", ["F"]]], "below a minimum"],
    ["unmergeable table in a merge", [b("x", 5)], [["x", ["B", "D"]]], "unmergeable"],
    ["merge across zones", [b("x", 5)], [["x", ["C", "E"]]], "spans zones"],
    ["merge of tables that do not touch", [b("x", 4)], [["x", ["A", "C"]]], "not connected"],
    ["more tables than allowed", [b("x", 5)], [["x", ["A", "B", "C"]]], "more than 2 tables"],
    ["inactive table", [b("x", 2)], [["x", ["G"]]], "inactive"],
    ["unknown table", [b("x", 2)], [["x", ["Z"]]], "unknown table Z"],
  ] as const)("rejects %s", (_name, bookings, assignments, message) => {
    const problems = check(
      [...bookings],
      assignments.map(([id, t]) => [id, [...t]] as [string, string[]]),
    );
    expect(problems.join("\n")).toContain(message);
  });

  it("requires every booking exactly once and fixed bookings on exactly their tables", () => {
    const fixed = b("f", 2, "19:00", "20:00", { tables: ["A"], fixed: true });
    expect(check([fixed, b("x", 2)], [["f", ["B"]]], [])).toEqual([
      "booking x appears 0 times (expected once)",
      "fixed booking f moved from A to B",
    ]);
    expect(check([fixed], [], ["f"])).toEqual(["fixed booking f lost its tables"]);
    expect(
      check(
        [fixed, b("x", 2)],
        [
          ["f", ["A"]],
          ["x", ["A"]],
        ],
      ),
    ).toEqual(["bookings f and x overlap on A"]);
  });
});
