import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildOccupancy } from "./build-occupancy";
import { compileVenue } from "./compile-venue";
import { explainSelection } from "./explain-selection";
import { findCandidates, hasCandidate } from "./find-candidates";
import { rankTablePlans } from "./rank-table-plans";
import { resolveRequest } from "./resolve-request";
import type { TOccupancyInterval, TPlanRequest, TTableInput } from "./types";

/**
 * Random venues, occupancies and requests, checked against an independent, deliberately naive oracle written from
 * the rules in the issue (no planner code), so a shared bug cannot hide.
 */

const BASE = Date.parse("2026-03-06T17:00:00Z");
const MINUTE = 60_000;
const ZONES = ["bar", "main"];

type TPolicy = { maxTablesPerPlan: number; maxOverage: number; requireAdjacency: boolean; allowCrossZone: boolean };
type TCase = {
  tables: TTableInput[];
  edges: [string, string][];
  policy: TPolicy;
  intervals: TOccupancyInterval[];
  request: TPlanRequest;
};

const caseArbitrary = ({ maxTables, maxK }: { maxTables: number; maxK: number }) =>
  fc.integer({ min: 1, max: maxTables }).chain((n) => {
    const index = fc.nat(n - 1);
    const time = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, 0, 0, 30, 59)); // minutes + seconds
    const instant = ([m, s]: [number, number]) => BASE + m * MINUTE + s * 1000;
    const table = fc
      .record({
        capacity: fc.integer({ min: 1, max: 8 }),
        minParty: fc.constantFrom(1, 1, 1, 2, 3, 5),
        zone: fc.constantFrom(...ZONES),
        mergeable: fc.integer({ min: 0, max: 3 }).map((x) => x > 0),
        active: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
        onlineBookable: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
        priority: fc.integer({ min: 0, max: 3 }),
      })
      .map((t) => ({ ...t, minParty: Math.min(t.minParty, t.capacity) }));
    return fc
      .record({
        tables: fc.array(table, { minLength: n, maxLength: n }),
        edges: fc.array(fc.tuple(index, index), { maxLength: n * 2 }),
        policy: fc.record({
          maxTablesPerPlan: fc.integer({ min: 1, max: maxK }),
          maxOverage: fc.integer({ min: 0, max: 6 }),
          requireAdjacency: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
          allowCrossZone: fc.boolean(),
        }),
        intervals: fc.array(
          fc.record({ table: index, start: time, minutes: fc.integer({ min: 1, max: 150 }), own: fc.boolean() }),
          { maxLength: n + 4 },
        ),
        request: fc.record({
          partySize: fc.integer({ min: 1, max: 20 }),
          start: time,
          minutes: fc.integer({ min: 1, max: 150 }),
          zone: fc.constantFrom(null, ...ZONES),
          zoneLocked: fc.boolean(),
          avoid: fc.array(index, { maxLength: 2 }),
          onlineOnly: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
          replan: fc.boolean(),
        }),
      })
      .map(({ tables, edges, policy, intervals, request }): TCase => {
        const id = (i: number) => `T${(i * 7) % 10}${i}`; // ids not in index order
        const start = instant(request.start);
        return {
          tables: tables.map((t, i) => ({ ...t, id: id(i) })),
          edges: edges.map(([a, b]) => [id(a), id(b)]),
          policy,
          intervals: intervals.map((b) => ({
            tableId: id(b.table),
            start: instant(b.start),
            end: instant(b.start) + b.minutes * MINUTE,
            bookingId: b.own ? "own" : `other-${b.table}`,
          })),
          request: {
            partySize: request.partySize,
            start,
            end: start + request.minutes * MINUTE,
            zone: request.zone,
            zoneLocked: request.zoneLocked,
            avoidTables: request.avoid.map(id),
            limit: 100,
            onlineOnly: request.onlineOnly,
            ...(request.replan ? { ignoreBookingId: "own" } : {}),
          },
        };
      });
  });

/** The oracle: is this set of table ids a valid plan? Straight from the rules, nothing precomputed. */
function isValidPlan(c: TCase, ids: readonly string[]): boolean {
  const { policy, request } = c;
  const tables = ids.map((id) => c.tables.find((t) => t.id === id));
  if (tables.length === 0 || tables.length > policy.maxTablesPerPlan || new Set(ids).size !== ids.length) return false;
  if (tables.some((t) => t === undefined)) return false;
  const list = tables as TTableInput[];
  if (list.some((t) => t.active === false || request.avoidTables?.includes(t.id))) return false;
  if (request.onlineOnly && list.some((t) => t.onlineBookable === false)) return false;
  if (request.zone && request.zoneLocked && list.some((t) => t.zone !== request.zone)) return false;
  if (list.length > 1) {
    if (list.some((t) => t.mergeable === false)) return false;
    if (!policy.allowCrossZone && new Set(list.map((t) => t.zone)).size > 1) return false;
    if (policy.requireAdjacency && !isConnected(c, list)) return false;
  }
  const capacity = list.reduce((s, t) => s + t.capacity, 0);
  if (capacity < request.partySize || capacity - request.partySize > policy.maxOverage) return false;
  if (list.some((t) => (t.minParty ?? 1) > request.partySize)) return false;
  return list.every((t) =>
    c.intervals.every(
      (b) =>
        b.tableId !== t.id ||
        (request.ignoreBookingId !== undefined && b.bookingId === request.ignoreBookingId) ||
        b.end <= request.start ||
        b.start >= request.end,
    ),
  );
}

function isConnected(c: TCase, list: readonly TTableInput[]): boolean {
  const ids = new Set(list.map((t) => t.id));
  const zone = new Map(list.map((t) => [t.id, t.zone]));
  const seen = new Set([list[0]?.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [a, b] of c.edges) {
      if (!ids.has(a) || !ids.has(b) || (!c.policy.allowCrossZone && zone.get(a) !== zone.get(b))) continue;
      if (seen.has(a) !== seen.has(b)) {
        seen.add(seen.has(a) ? b : a);
        grew = true;
      }
    }
  }
  return seen.size === ids.size;
}

function allSubsets(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << ids.length; mask += 1) out.push(ids.filter((_, i) => mask & (1 << i)));
  return out;
}

const keyOf = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join("+");

function plan(c: TCase) {
  const venue = compileVenue({ venue: { tables: c.tables, adjacency: c.edges }, config: { policy: c.policy } });
  const occupancy = buildOccupancy({ venue, intervals: c.intervals });
  return { venue, occupancy, result: rankTablePlans({ venue, occupancy, request: c.request }) };
}

describe("planner properties", () => {
  it("on small venues, the candidates are exactly the brute-force valid subsets", () => {
    fc.assert(
      fc.property(caseArbitrary({ maxTables: 8, maxK: 4 }), (c) => {
        const { venue, occupancy } = plan(c);
        const request = resolveRequest({ venue, request: c.request });
        const found = findCandidates({ venue, occupancy, request }).candidates.map((u) => u.key);
        expect(hasCandidate({ venue, occupancy, request })).toBe(found.length > 0);
        const expected = allSubsets(c.tables.map((t) => t.id))
          .filter((ids) => isValidPlan(c, ids))
          .map(keyOf);
        expect(new Set(found).size).toBe(found.length);
        expect([...found].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 300 },
    );
  });

  it("explainSelection accepts exactly the valid subsets", () => {
    fc.assert(
      fc.property(caseArbitrary({ maxTables: 6, maxK: 3 }), (c) => {
        const { venue, occupancy } = plan(c);
        for (const ids of allSubsets(c.tables.map((t) => t.id))) {
          const { ok } = explainSelection({ venue, occupancy, request: c.request, tableIds: ids });
          expect(ok).toBe(isValidPlan(c, ids));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("every returned plan is valid, distinct and ranked best first; same input gives the same output", () => {
    fc.assert(
      fc.property(caseArbitrary({ maxTables: 30, maxK: 3 }), (c) => {
        const { result } = plan(c);
        const keys = result.plans.map((p) => keyOf(p.tableIds));
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of result.plans) {
          expect(isValidPlan(c, p.tableIds)).toBe(true);
          const capacity = p.tableIds.reduce((s, id) => s + (c.tables.find((t) => t.id === id)?.capacity ?? 0), 0);
          expect(p.capacity).toBe(capacity);
          expect(p.overage).toBe(capacity - c.request.partySize);
        }
        const scores = result.plans.map((p) => p.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
        const again = plan({ ...c, tables: [...c.tables].reverse(), edges: [...c.edges].reverse() }).result;
        expect({ ...again, diagnostics: { ...again.diagnostics, durationMs: 0 } }).toEqual({
          ...result,
          diagnostics: { ...result.diagnostics, durationMs: 0 },
        });
      }),
      { numRuns: 150 },
    );
  });
});
