import fc from "fast-check";
import type { TTableInput, TVenueInput } from "@/server/planner";
import type { TOptimizerBooking } from "../engine/types";
import type { TCheckPolicy } from "./check-day-plan-feasible";

export type TArbitraryDay = { venue: TVenueInput; policy: TCheckPolicy; bookings: TOptimizerBooking[] };

const DAY = Date.parse("2026-03-06T17:00:00Z");
const SLOT = 30 * 60_000;

/**
 * Test-only random tiny days: 2–`maxTables` tables in one or two zones with random capacities, minimum parties,
 * mergeability and adjacency; bookings on a 30-minute grid (so back-to-back windows are common), some already
 * placed (on valid or invalid tables), some fixed, some with a preferred zone; a random merge policy.
 */
export function arbitraryDay({ maxTables = 5, maxBookings = 7 }: { maxTables?: number; maxBookings?: number } = {}) {
  return fc
    .record({
      tables: fc.array(
        fc.record({
          zone: fc.constantFrom("a", "b"),
          capacity: fc.integer({ min: 1, max: 6 }),
          minParty: fc.constantFrom(1, 1, 1, 2),
          mergeable: oneIn(4).map((notMergeable) => !notMergeable),
          active: oneIn(8).map((inactive) => !inactive),
        }),
        { minLength: 2, maxLength: maxTables },
      ),
      edges: fc.array(fc.tuple(fc.nat(maxTables - 1), fc.nat(maxTables - 1)), { maxLength: 8 }),
      policy: fc.record({
        maxTablesPerPlan: fc.integer({ min: 1, max: 3 }),
        maxOverage: fc.integer({ min: 0, max: 4 }),
        requireAdjacency: oneIn(5).map((off) => !off),
        allowCrossZone: oneIn(5),
      }),
      bookings: fc.array(
        fc.record({
          partySize: fc.integer({ min: 1, max: 9 }),
          slot: fc.nat(6),
          slots: fc.integer({ min: 1, max: 4 }),
          tables: fc.option(fc.uniqueArray(fc.nat(maxTables - 1), { minLength: 1, maxLength: 2 }), { freq: 2 }),
          fixed: oneIn(6),
          zone: fc.option(fc.constantFrom("a", "b"), { freq: 3 }),
        }),
        { maxLength: maxBookings },
      ),
    })
    .map(({ tables, edges, policy, bookings }): TArbitraryDay => {
      const venueTables: TTableInput[] = tables.map((t, i) => ({
        id: `T${i}`,
        ...t,
        minParty: Math.min(t.minParty, t.capacity),
      }));
      const adjacency = edges
        .filter(([a, b]) => a !== b && a < tables.length && b < tables.length)
        .map(([a, b]): [string, string] => [`T${a}`, `T${b}`]);
      return {
        venue: { tables: venueTables, adjacency },
        policy,
        bookings: bookings.map((b, i) => {
          const tableIds = b.tables?.filter((t) => t < tables.length).map((t) => `T${t}`) ?? null;
          return {
            id: `b${i}`,
            partySize: b.partySize,
            start: DAY + b.slot * SLOT,
            end: DAY + (b.slot + b.slots) * SLOT,
            tableIds: tableIds && tableIds.length > 0 ? tableIds : null,
            fixed: b.fixed,
            ...(b.zone === null ? {} : { preferredZone: b.zone }),
          };
        }),
      };
    });
}

/** true with probability 1/n */
function oneIn(n: number) {
  return fc.integer({ min: 0, max: n - 1 }).map((v) => v === 0);
}
