import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TFloorPlan, TFloorPlanResponse, TStrandedBooking } from "./floor-plan-schema";

const FINISHED = ["completed", "cancelled", "no_show"] as const;
const SEVERITY: TStrandedBooking["reason"][] = [
  "table_removed",
  "table_inactive",
  "capacity_below_party",
  "link_removed",
];

type TFuturePlacement = {
  bookingId: string;
  reference: string;
  guestName: string;
  partySize: number;
  startsAt: Date;
  status: string;
  tableIds: string[];
};

/**
 * The bookings still to come whose tables the new plan takes away or shrinks: their assignment allocations and live
 * holds that end after `now` (bookings not finished or cancelled). A table deleted or taken out of service, a party
 * that its tables' seats no longer cover, a merged set no longer connected by links: each booking once, with its
 * most serious reason and every reason in words. Tables the plan adds cannot strand anything.
 */
export async function findStrandedBookings(
  db: Queryable,
  {
    restaurantId,
    current,
    plan,
    now,
  }: { restaurantId: string; current: TFloorPlanResponse; plan: TFloorPlan; now: Date },
): Promise<TStrandedBooking[]> {
  const placements = await findFuturePlacements(db, { restaurantId, now });
  if (placements.length === 0) return [];
  const before = new Map(current.tables.map((t) => [t.id, t]));
  const after = new Map(plan.tables.map((t) => [t.id, t]));
  const linksBefore = linkSet(current.adjacency);
  const linksAfter = linkSet(plan.adjacency);
  const stranded: TStrandedBooking[] = [];
  for (const p of placements) {
    const labels = p.tableIds.map((id) => before.get(id)?.label ?? id);
    const found: { reason: TStrandedBooking["reason"]; detail: string }[] = [];
    for (const id of p.tableIds) {
      const label = before.get(id)?.label ?? id;
      const next = after.get(id);
      if (!next) found.push({ reason: "table_removed", detail: `${label} would be deleted` });
      else if (!next.active && before.get(id)?.active) {
        found.push({ reason: "table_inactive", detail: `${label} would be out of service` });
      }
    }
    const seatsBefore = sum(p.tableIds.map((id) => before.get(id)?.capacity ?? 0));
    const seatsAfter = sum(p.tableIds.map((id) => after.get(id)?.capacity ?? 0));
    if (p.tableIds.every((id) => after.has(id)) && seatsAfter < p.partySize && seatsAfter < seatsBefore) {
      found.push({
        reason: "capacity_below_party",
        detail: `${labels.join(" + ")} (party of ${p.partySize}) would seat only ${seatsAfter}`,
      });
    }
    if (
      p.tableIds.length > 1 &&
      p.tableIds.every((id) => after.has(id)) &&
      connected(p.tableIds, linksBefore) &&
      !connected(p.tableIds, linksAfter)
    ) {
      found.push({ reason: "link_removed", detail: `${labels.join(" + ")} would no longer be linked together` });
    }
    if (found.length === 0) continue;
    found.sort((a, b) => SEVERITY.indexOf(a.reason) - SEVERITY.indexOf(b.reason));
    stranded.push({
      bookingId: p.bookingId,
      reference: p.reference,
      guestName: p.guestName,
      partySize: p.partySize,
      startsAt: p.startsAt.toISOString(),
      status: p.status,
      tableLabels: labels,
      reason: found[0]?.reason ?? "table_removed",
      detail: found.map((f) => f.detail).join("; "),
    });
  }
  return stranded.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.reference.localeCompare(b.reference));
}

async function findFuturePlacements(
  db: Queryable,
  { restaurantId, now }: { restaurantId: string; now: Date },
): Promise<TFuturePlacement[]> {
  const rows = await db
    .selectFrom("allocations as a")
    .innerJoin("bookings as b", "b.id", "a.booking_id")
    .select(["b.id", "b.reference", "b.guest_name", "b.party_size", "b.starts_at", "b.status", "a.table_id"])
    .where("a.restaurant_id", "=", restaurantId)
    .where(sql<boolean>`upper(a.during) > ${now}`)
    .where((eb) => eb.or([eb("a.kind", "=", "assignment"), eb("a.expires_at", ">", now)]))
    .where("b.status", "not in", FINISHED)
    .orderBy("b.starts_at")
    .orderBy("b.id")
    .orderBy("a.table_id")
    .execute();
  const byBooking = new Map<string, TFuturePlacement>();
  for (const r of rows) {
    const entry = byBooking.get(r.id) ?? {
      bookingId: r.id,
      reference: r.reference,
      guestName: r.guest_name,
      partySize: r.party_size,
      startsAt: r.starts_at,
      status: r.status,
      tableIds: [],
    };
    if (!entry.tableIds.includes(r.table_id)) entry.tableIds.push(r.table_id);
    byBooking.set(r.id, entry);
  }
  return [...byBooking.values()];
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function linkSet(links: readonly (readonly [string, string])[]): Set<string> {
  return new Set(links.map(([a, b]) => linkKey(a, b)));
}

/** Whether `ids` form one connected group using only links between them (as the planner's merges need). */
function connected(ids: readonly string[], links: Set<string>): boolean {
  const [first, ...rest] = ids;
  if (first === undefined) return true;
  const reached = new Set([first]);
  const queue = [first];
  while (queue.length > 0) {
    const at = queue.pop() as string;
    for (const other of rest) {
      if (!reached.has(other) && links.has(linkKey(at, other))) {
        reached.add(other);
        queue.push(other);
      }
    }
  }
  return reached.size === ids.length;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
