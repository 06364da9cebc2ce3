import type { TVenueInput } from "@/server/planner";
import type { TOptimizerBooking } from "../engine/types";
import { checkDayPlanFeasible, type TCheckPolicy } from "./check-day-plan-feasible";

/**
 * Test-only exhaustive optimum for tiny days (≤ ~6 tables, ≤ ~7 bookings): every booking tries every subset of
 * tables (or none), plans are kept only when the independent checker accepts them, and the best objective vector
 * (covers, bookings, −waste, −merged tables, −moves, −zone misses) wins. No solver code is involved.
 */
export function solveDayBruteForce({
  venue,
  policy,
  bookings,
}: {
  venue: TVenueInput;
  policy: TCheckPolicy;
  bookings: readonly TOptimizerBooking[];
}): { score: number[]; plan: Map<string, string[] | null> } {
  const ids = venue.tables.map((t) => t.id);
  const subsets: string[][] = [];
  for (let mask = 1; mask < 1 << ids.length; mask += 1) {
    const subset = ids.filter((_, i) => (mask >> i) & 1);
    if (subset.length <= policy.maxTablesPerPlan) subsets.push(subset);
  }
  const isFixed = (b: TOptimizerBooking) => b.fixed && b.tableIds !== null;
  // Per booking: the table sets it may take alone (checked against the rules, not against others).
  const choices = bookings.map((b): (string[] | null)[] => {
    if (isFixed(b)) return [[...(b.tableIds ?? [])]];
    if (b.fixed) return [null];
    const valid = subsets.filter(
      (tableIds) =>
        checkDayPlanFeasible({
          venue,
          policy,
          bookings: [b],
          plan: { assignments: [{ bookingId: b.id, tableIds }], unplaced: [] },
        }).length === 0,
    );
    return [null, ...valid];
  });
  let best: number[] | null = null;
  let bestPlan = new Map<string, string[] | null>();
  const picked: (string[] | null)[] = [];
  const overlaps = (i: number, tables: readonly string[]) =>
    picked.some((other, j) => {
      const a = bookings[i] as TOptimizerBooking;
      const b = bookings[j] as TOptimizerBooking;
      if (!other || (isFixed(a) && isFixed(b))) return false;
      return a.start < b.end && b.start < a.end && other.some((t) => tables.includes(t));
    });
  const walk = (i: number) => {
    if (i === bookings.length) {
      const score = scorePlan({ venue, bookings, picked });
      if (best === null || compare(score, best) > 0) {
        best = score;
        bestPlan = new Map(bookings.map((b, k) => [b.id, picked[k] ?? null]));
      }
      return;
    }
    for (const tables of choices[i] ?? [null]) {
      if (tables && overlaps(i, tables)) continue;
      picked.push(tables);
      walk(i + 1);
      picked.pop();
    }
  };
  walk(0);
  return { score: best ?? [], plan: bestPlan };
}

function scorePlan({
  venue,
  bookings,
  picked,
}: {
  venue: TVenueInput;
  bookings: readonly TOptimizerBooking[];
  picked: readonly (string[] | null)[];
}): number[] {
  const capacity = new Map(venue.tables.map((t) => [t.id, t.capacity]));
  const zone = new Map(venue.tables.map((t) => [t.id, t.zone]));
  const s = [0, 0, 0, 0, 0, 0];
  bookings.forEach((b, i) => {
    const tables = picked[i] ?? null;
    const moved = !b.fixed && b.tableIds !== null && (tables === null || !sameSet(tables, b.tableIds));
    if (moved) s[4] = (s[4] ?? 0) - 1;
    if (tables === null) return;
    s[0] = (s[0] ?? 0) + b.partySize;
    s[1] = (s[1] ?? 0) + 1;
    s[2] = (s[2] ?? 0) - Math.max(0, tables.reduce((sum, t) => sum + (capacity.get(t) ?? 0), 0) - b.partySize);
    s[3] = (s[3] ?? 0) - (tables.length > 1 ? tables.length : 0);
    if (b.preferredZone && tables.some((t) => zone.get(t) !== b.preferredZone)) s[5] = (s[5] ?? 0) - 1;
  });
  return s;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t));
}
