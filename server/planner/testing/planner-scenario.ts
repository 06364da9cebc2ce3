import { buildOccupancy } from "../build-occupancy";
import { compileVenue } from "../compile-venue";
import { findCandidates } from "../find-candidates";
import type { TPlannerConfigInput } from "../planner-config";
import { rankTablePlans, type TRankTablePlansInput } from "../rank-table-plans";
import { resolveRequest } from "../resolve-request";
import type { TOccupancyInterval, TPlanRequest, TTableInput } from "../types";

/** Test-only scenario builder: tables and times read like the restaurant ("A" … "D", "19:00"). */

const DAY = "2026-03-06";

/** "19:00" (or "19:00:30") on the scenario day, as epoch ms (UTC). */
export function at(time: string): number {
  return Date.parse(`${DAY}T${time.length === 5 ? `${time}:00` : time}Z`);
}

export function tablesOf(capacity: number, ids: readonly string[], extra: Partial<TTableInput> = {}): TTableInput[] {
  return ids.map((id) => ({ id, zone: "main", capacity, ...extra }));
}

/** Consecutive edges: chain("A", "B", "C") → A–B, B–C. */
export function chain(...ids: string[]): [string, string][] {
  return ids.slice(1).map((id, i) => [ids[i] as string, id]);
}

type TBusy = { table: string; from: string; to: string; bookingId?: string };

export function setupScenario({
  tables,
  adjacency = [],
  config,
  busy = [],
}: {
  tables: readonly TTableInput[];
  adjacency?: readonly (readonly [string, string])[];
  config?: TPlannerConfigInput;
  busy?: readonly TBusy[];
}) {
  const venue = compileVenue({ venue: { tables, adjacency }, ...(config ? { config } : {}) });
  const intervals: TOccupancyInterval[] = busy.map((b) => ({
    tableId: b.table,
    start: at(b.from),
    end: at(b.to),
    ...(b.bookingId ? { bookingId: b.bookingId } : {}),
  }));
  const occupancy = buildOccupancy({ venue, intervals });
  const toRequest = ({ party, from = "19:00", to = "20:30", ...rest }: TAsk): TPlanRequest => ({
    partySize: party,
    start: at(from),
    end: at(to),
    ...rest,
  });
  return {
    venue,
    occupancy,
    toRequest,
    plan: (ask: TAsk, extra: Omit<TRankTablePlansInput, "venue" | "occupancy" | "request"> = {}) =>
      rankTablePlans({ venue, occupancy, request: toRequest(ask), ...extra }),
    /** Every candidate as "A+B" keys (no limit, no ranking). */
    offered: (ask: TAsk) =>
      findCandidates({ venue, occupancy, request: resolveRequest({ venue, request: toRequest(ask) }) }).candidates.map(
        (u) => u.key,
      ),
    search: (ask: TAsk) =>
      findCandidates({ venue, occupancy, request: resolveRequest({ venue, request: toRequest(ask) }) }),
  };
}

type TAsk = { party: number; from?: string; to?: string } & Omit<TPlanRequest, "partySize" | "start" | "end">;
