import type { TTableInput, TVenueInput } from "@/server/planner";
import type { TOptimizerBooking } from "../engine/types";

/**
 * Test-only, independent feasibility check of an optimizer plan, written from the rules themselves and sharing
 * no code with the solvers or the planner: if the model building or a solver is wrong, this disagrees.
 */
export type TCheckPolicy = {
  maxTablesPerPlan: number;
  maxOverage: number;
  requireAdjacency: boolean;
  allowCrossZone: boolean;
};

export type TCheckedPlan = {
  assignments: readonly { bookingId: string; tableIds: readonly string[] }[];
  unplaced: readonly string[];
};

/** Every violated rule as a sentence; an empty list means the plan is feasible. */
export function checkDayPlanFeasible({
  venue,
  policy,
  bookings,
  plan,
  isFixed = (b) => b.fixed && b.tableIds !== null,
}: {
  venue: TVenueInput;
  policy: TCheckPolicy;
  bookings: readonly TOptimizerBooking[];
  plan: TCheckedPlan;
  isFixed?: (b: TOptimizerBooking) => boolean;
}): string[] {
  const problems: string[] = [];
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const tables = new Map(venue.tables.map((t) => [t.id, t]));
  const seen = new Map<string, number>();
  for (const id of [...plan.assignments.map((a) => a.bookingId), ...plan.unplaced]) {
    seen.set(id, (seen.get(id) ?? 0) + 1);
    if (!byId.has(id)) problems.push(`unknown booking ${id} in the plan`);
  }
  for (const b of bookings) {
    if (seen.get(b.id) !== 1) problems.push(`booking ${b.id} appears ${seen.get(b.id) ?? 0} times (expected once)`);
  }
  for (const b of bookings) {
    if (!b.fixed || b.tableIds !== null) continue;
    if (plan.assignments.some((a) => a.bookingId === b.id))
      problems.push(`fixed booking ${b.id} without tables was seated`);
  }
  for (const a of plan.assignments) {
    const b = byId.get(a.bookingId);
    if (!b) continue;
    if (isFixed(b)) {
      const kept = sameSet(a.tableIds, b.tableIds ?? []);
      if (!kept) problems.push(`fixed booking ${b.id} moved from ${b.tableIds?.join("+")} to ${a.tableIds.join("+")}`);
      continue;
    }
    problems.push(...checkPlacement({ booking: b, tableIds: a.tableIds, tables, venue, policy }));
  }
  for (const b of bookings) {
    if (isFixed(b) && plan.unplaced.includes(b.id)) problems.push(`fixed booking ${b.id} lost its tables`);
  }
  problems.push(...checkOverlaps({ plan, byId, isFixed }));
  return problems;
}

function checkPlacement({
  booking,
  tableIds,
  tables,
  venue,
  policy,
}: {
  booking: TOptimizerBooking;
  tableIds: readonly string[];
  tables: ReadonlyMap<string, TTableInput>;
  venue: TVenueInput;
  policy: TCheckPolicy;
}): string[] {
  const where = `booking ${booking.id} on ${tableIds.join("+")}`;
  const problems: string[] = [];
  if (tableIds.length === 0) return [`${where}: no tables`];
  if (new Set(tableIds).size !== tableIds.length) problems.push(`${where}: a table is listed twice`);
  if (tableIds.length > policy.maxTablesPerPlan) problems.push(`${where}: more than ${policy.maxTablesPerPlan} tables`);
  const members: TTableInput[] = [];
  for (const id of tableIds) {
    const t = tables.get(id);
    if (!t) problems.push(`${where}: unknown table ${id}`);
    else members.push(t);
  }
  if (members.some((t) => t.active === false)) problems.push(`${where}: inactive table`);
  const capacity = members.reduce((sum, t) => sum + t.capacity, 0);
  if (capacity < booking.partySize) problems.push(`${where}: ${capacity} seats for ${booking.partySize}`);
  if (capacity - booking.partySize > policy.maxOverage)
    problems.push(`${where}: ${capacity - booking.partySize} spare seats`);
  if (members.some((t) => (t.minParty ?? 1) > booking.partySize)) problems.push(`${where}: party below a minimum`);
  if (members.length > 1) {
    if (members.some((t) => t.mergeable === false)) problems.push(`${where}: merges an unmergeable table`);
    if (!policy.allowCrossZone && new Set(members.map((t) => t.zone)).size > 1) problems.push(`${where}: spans zones`);
    if (policy.requireAdjacency && !isConnected({ ids: tableIds, venue })) problems.push(`${where}: not connected`);
  }
  return problems;
}

/** Breadth-first search over adjacency edges between members only. */
function isConnected({ ids, venue }: { ids: readonly string[]; venue: TVenueInput }): boolean {
  const members = new Set(ids);
  const reached = new Set([ids[0]]);
  const queue = [ids[0]];
  while (queue.length > 0) {
    const at = queue.shift();
    for (const [a, b] of venue.adjacency) {
      const next = a === at ? b : b === at ? a : null;
      if (next !== null && members.has(next) && !reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached.size === members.size;
}

/** Pairwise, per table, half-open windows; two fixed bookings may collide (the input said so). */
function checkOverlaps({
  plan,
  byId,
  isFixed,
}: {
  plan: TCheckedPlan;
  byId: ReadonlyMap<string, TOptimizerBooking>;
  isFixed: (b: TOptimizerBooking) => boolean;
}): string[] {
  const problems: string[] = [];
  const list = plan.assignments.flatMap((a) => {
    const b = byId.get(a.bookingId);
    return b ? [{ b, tables: new Set(a.tableIds) }] : [];
  });
  for (let i = 0; i < list.length; i += 1) {
    for (let j = i + 1; j < list.length; j += 1) {
      const x = list[i];
      const y = list[j];
      if (!x || !y || (isFixed(x.b) && isFixed(y.b))) continue;
      const overlap = x.b.start < y.b.end && y.b.start < x.b.end;
      const shared = [...x.tables].filter((t) => y.tables.has(t));
      if (overlap && shared.length > 0)
        problems.push(`bookings ${x.b.id} and ${y.b.id} overlap on ${shared.join(", ")}`);
    }
  }
  return problems;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id)) && b.every((id) => a.includes(id));
}
