import type { TPlannerConfigInput, TTableInput } from "@/server/planner";
import { optimizeDay } from "../engine/optimize-day";
import type { TOptimizerBooking, TOptimizerInput } from "../engine/types";

/** Test-only scenario builder: tables and times read like the restaurant ("A1", "19:00"). */
const DAY = "2026-03-06";

export function at(time: string): number {
  return Date.parse(`${DAY}T${time}:00Z`);
}

export function table(id: string, capacity: number, extra: Partial<TTableInput> = {}): TTableInput {
  return { id, zone: "main", capacity, ...extra };
}

type TBookingSpec = {
  party: number;
  from: string;
  to: string;
  tables?: string[];
  fixed?: boolean;
  zone?: string;
};

export function booking(id: string, spec: TBookingSpec): TOptimizerBooking {
  return {
    id,
    partySize: spec.party,
    start: at(spec.from),
    end: at(spec.to),
    tableIds: spec.tables ?? null,
    fixed: spec.fixed ?? false,
    ...(spec.zone ? { preferredZone: spec.zone } : {}),
  };
}

export function setupDay({
  tables,
  adjacency = [],
  config = {},
}: {
  tables: TTableInput[];
  adjacency?: [string, string][];
  config?: TPlannerConfigInput;
}) {
  const venue = { tables, adjacency };
  return {
    venue,
    config,
    optimize: (bookings: TOptimizerBooking[], options: Omit<TOptimizerInput, "venue" | "config" | "bookings"> = {}) =>
      optimizeDay({ venue, config, bookings, ...options }),
  };
}

/**
 * Three 2-tops, each pair mergeable (a triangle), at most two per plan and no spare seats: parties of four each
 * need a pair, and any two pairs share a table, so only one four sits at a time — the LP relaxation seats 1.5.
 */
export const TRIANGLE_OF_TWO_TOPS = {
  tables: [table("A", 2), table("B", 2), table("C", 2)],
  adjacency: [
    ["A", "B"],
    ["B", "C"],
    ["A", "C"],
  ] as [string, string][],
  config: { policy: { maxTablesPerPlan: 2, maxOverage: 0 } },
};

/** "b1→A1+A2" per seated booking, in input order, for compact expectations. */
export function seating(result: { assignments: { bookingId: string; tableIds: string[] }[] }): string[] {
  return result.assignments.map((a) => `${a.bookingId}→${a.tableIds.join("+")}`);
}
