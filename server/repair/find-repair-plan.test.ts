import { describe, expect, it } from "vitest";
import { compileVenue, type TTableInput } from "@/server/planner";
import { findRepairPlan, type TRepairBooking, type TRepairLimits } from "./find-repair-plan";

const H = 60 * 60_000;
const at = (hours: number) => Date.parse("2027-03-05T00:00:00Z") + hours * H;

const venueOf = (tables: TTableInput[], adjacency: [string, string][] = []) =>
  compileVenue({ venue: { tables, adjacency }, config: { policy: { maxOverage: 4 } } });

const placed = (
  id: string,
  tableIds: string[],
  {
    party = 2,
    from = 19,
    hours = 2,
    movable = true,
  }: { party?: number; from?: number; hours?: number; movable?: boolean } = {},
): TRepairBooking => ({ id, partySize: party, start: at(from), end: at(from + hours), tableIds, movable });

const request = (party: number, from = 19, hours = 2) => ({
  id: "new",
  partySize: party,
  start: at(from),
  end: at(from + hours),
});

const LIMITS: TRepairLimits = { maxMoves: 3, timeBudgetMs: Number.POSITIVE_INFINITY, maxExplored: 2000 };

describe("findRepairPlan", () => {
  it("moves the one booking in the way to a table that fits it", () => {
    const venue = venueOf([
      { id: "S", zone: "main", capacity: 2 },
      { id: "L", zone: "main", capacity: 4 },
    ]);
    const result = findRepairPlan({ venue, bookings: [placed("x", ["L"])], request: request(4), limits: LIMITS });
    expect(result).toMatchObject({
      found: true,
      tableIds: ["L"],
      moves: [{ bookingId: "x", fromTableIds: ["L"], toTableIds: ["S"] }],
      depth: 1,
    });
  });

  it("never moves a fixed booking, nor one whose time does not overlap", () => {
    const venue = venueOf([
      { id: "S", zone: "main", capacity: 2 },
      { id: "L", zone: "main", capacity: 4 },
    ]);
    const fixed = findRepairPlan({
      venue,
      bookings: [placed("x", ["L"], { movable: false })],
      request: request(4),
      limits: LIMITS,
    });
    expect(fixed).toMatchObject({ found: false, reason: "no_movable_blockers", movable: 0 });
  });

  it("chains moves when the displaced booking needs another one moved (within the move budget)", () => {
    // A (2) B (4) C (6): x(2) sits on B, y(4) on C; a party of 6 needs C → y to B → x to A: two moves.
    const venue = venueOf([
      { id: "A", zone: "main", capacity: 2 },
      { id: "B", zone: "main", capacity: 4 },
      { id: "C", zone: "main", capacity: 6 },
    ]);
    const bookings = [placed("x", ["B"]), placed("y", ["C"], { party: 4 })];
    const result = findRepairPlan({ venue, bookings, request: request(6), limits: LIMITS });
    expect(result).toMatchObject({
      found: true,
      tableIds: ["C"],
      moves: [
        { bookingId: "x", fromTableIds: ["B"], toTableIds: ["A"] },
        { bookingId: "y", fromTableIds: ["C"], toTableIds: ["B"] },
      ],
      depth: 2,
    });
    const tooFew = findRepairPlan({ venue, bookings, request: request(6), limits: { ...LIMITS, maxMoves: 1 } });
    expect(tooFew).toMatchObject({ found: false, reason: "move_budget" });
  });

  it("prefers the fewest moves", () => {
    // The party of 4 could take B (one booking to move) or the merge C+D (two): one move wins.
    const venue = venueOf(
      [
        { id: "A", zone: "main", capacity: 2 },
        { id: "B", zone: "main", capacity: 4 },
        { id: "C", zone: "main", capacity: 2 },
        { id: "D", zone: "main", capacity: 2 },
        { id: "E", zone: "main", capacity: 2 },
        { id: "F", zone: "main", capacity: 2 },
      ],
      [["C", "D"]],
    );
    const bookings = [placed("x", ["B"]), placed("c", ["C"]), placed("d", ["D"])];
    const result = findRepairPlan({ venue, bookings, request: request(4), limits: LIMITS });
    expect(result.found && result.moves.map((m) => m.bookingId)).toEqual(["x"]);
  });

  it("keeps holds and bookings outside the window where they are", () => {
    const venue = venueOf([
      { id: "S", zone: "main", capacity: 2 },
      { id: "L", zone: "main", capacity: 4 },
    ]);
    const result = findRepairPlan({
      venue,
      bookings: [placed("x", ["L"])],
      otherIntervals: [{ tableId: "S", start: at(19), end: at(20), kind: "hold" }],
      request: request(4),
      limits: LIMITS,
    });
    expect(result).toMatchObject({ found: false });
  });

  it("is deterministic and bounded by the search count", () => {
    const tables = Array.from({ length: 12 }, (_, i) => ({
      id: `T${i + 10}`,
      zone: "main",
      capacity: 2 + (i % 3) * 2,
    }));
    const venue = venueOf(tables);
    const bookings = tables.map((t, i) => placed(`b${i}`, [t.id], { party: t.capacity, from: 18 + (i % 3) }));
    const run = (maxExplored: number) =>
      findRepairPlan({ venue, bookings, request: request(6), limits: { ...LIMITS, maxExplored } });
    const first = run(2000);
    expect({ ...run(2000), durationMs: 0 }).toEqual({ ...first, durationMs: 0 });
    expect(run(1)).toMatchObject({ explored: 1 });
  });
});
