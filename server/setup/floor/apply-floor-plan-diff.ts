import type { Tx } from "@/server/infra/db/open-db";
import type { TFloorPlan, TFloorPlanResponse, TFloorTable } from "./floor-plan-schema";

/**
 * Writes the difference between the room (`current`) and a checked `plan` inside the caller's transaction: new
 * zones and tables get generated ids, changed rows are updated, missing ones deleted, links replaced as pairs
 * (smaller id first). The triggers bump venue_version once per written row. Returns `new:` key → real id.
 * Renames go through a temporary name first so two rows may swap names in one save (the names are unique).
 */
export async function applyFloorPlanDiff(
  tx: Tx,
  { restaurantId, current, plan }: { restaurantId: string; current: TFloorPlanResponse; plan: TFloorPlan },
): Promise<Record<string, string>> {
  const idMap: Record<string, string> = {};
  const real = (id: string) => idMap[id] ?? id;
  const zonesBefore = new Map(current.zones.map((z) => [z.id, z]));
  const tablesBefore = new Map(current.tables.map((t) => [t.id, t]));

  const renamedZones = plan.zones.filter((z) => zonesBefore.has(z.id) && zonesBefore.get(z.id)?.name !== z.name);
  for (const z of renamedZones) {
    await tx
      .updateTable("zones")
      .set({ name: `~renaming~${z.id}` })
      .where("id", "=", z.id)
      .execute();
  }
  for (const z of plan.zones) {
    const before = zonesBefore.get(z.id);
    if (!before) {
      const row = await tx
        .insertInto("zones")
        .values({ restaurant_id: restaurantId, name: z.name, color: z.color, sort_order: z.sortOrder })
        .returning("id")
        .executeTakeFirstOrThrow();
      idMap[z.id] = row.id;
    } else if (before.name !== z.name || before.color !== z.color || before.sortOrder !== z.sortOrder) {
      await tx
        .updateTable("zones")
        .set({ name: z.name, color: z.color, sort_order: z.sortOrder })
        .where("id", "=", z.id)
        .where("restaurant_id", "=", restaurantId)
        .execute();
    }
  }

  const renamedTables = plan.tables.filter((t) => tablesBefore.has(t.id) && tablesBefore.get(t.id)?.label !== t.label);
  for (const t of renamedTables) {
    await tx
      .updateTable("tables")
      .set({ label: `~renaming~${t.id}` })
      .where("id", "=", t.id)
      .execute();
  }
  for (const t of plan.tables) {
    const before = tablesBefore.get(t.id);
    const values = tableColumns({ ...t, zoneId: real(t.zoneId) });
    if (!before) {
      const row = await tx
        .insertInto("tables")
        .values({ restaurant_id: restaurantId, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      idMap[t.id] = row.id;
    } else if (!sameTable(before, { ...t, zoneId: real(t.zoneId) })) {
      await tx
        .updateTable("tables")
        .set(values)
        .where("id", "=", t.id)
        .where("restaurant_id", "=", restaurantId)
        .execute();
    }
  }

  const linksBefore = new Set(current.adjacency.map(([a, b]) => pairKey(a, b)));
  const linksAfter = new Map(plan.adjacency.map(([a, b]) => [pairKey(real(a), real(b)), ordered(real(a), real(b))]));
  for (const key of linksBefore) {
    if (linksAfter.has(key)) continue;
    const [a, b] = key.split("|") as [string, string];
    await tx.deleteFrom("table_adjacency").where("table_a", "=", a).where("table_b", "=", b).execute();
  }
  const added = [...linksAfter].filter(([key]) => !linksBefore.has(key)).map(([, pair]) => pair);
  if (added.length > 0) {
    await tx
      .insertInto("table_adjacency")
      .values(added.map(([a, b]) => ({ restaurant_id: restaurantId, table_a: a, table_b: b })))
      .execute();
  }

  const keptTables = new Set(plan.tables.map((t) => t.id));
  const removedTables = current.tables.filter((t) => !keptTables.has(t.id)).map((t) => t.id);
  if (removedTables.length > 0) {
    // Holds that expired are deleted lazily everywhere; their allocations must not keep a deleted table alive.
    await tx
      .deleteFrom("allocations")
      .where("table_id", "in", removedTables)
      .where("kind", "=", "hold")
      .where("expires_at", "<=", new Date())
      .execute();
    await tx.deleteFrom("tables").where("id", "in", removedTables).where("restaurant_id", "=", restaurantId).execute();
  }
  const keptZones = new Set(plan.zones.map((z) => z.id));
  const removedZones = current.zones.filter((z) => !keptZones.has(z.id)).map((z) => z.id);
  if (removedZones.length > 0) {
    // A guest's zone preference is a wish, not a placement: it goes with the zone.
    await tx
      .updateTable("bookings")
      .set({ preferred_zone_id: null })
      .where("preferred_zone_id", "in", removedZones)
      .execute();
    await tx.deleteFrom("zones").where("id", "in", removedZones).where("restaurant_id", "=", restaurantId).execute();
  }
  return idMap;
}

function tableColumns(t: TFloorTable) {
  return {
    zone_id: t.zoneId,
    label: t.label,
    capacity: t.capacity,
    min_party: t.minParty,
    mergeable: t.mergeable,
    online_bookable: t.onlineBookable,
    active: t.active,
    priority: t.priority,
    x: t.x,
    y: t.y,
    width: t.width,
    height: t.height,
    rotation: t.rotation,
    shape: t.shape,
  };
}

const GEOMETRY = ["x", "y", "width", "height", "rotation"] as const;
const FIELDS = [
  "zoneId",
  "label",
  "capacity",
  "minParty",
  "mergeable",
  "onlineBookable",
  "active",
  "priority",
  "shape",
] as const;

function sameTable(a: TFloorTable, b: TFloorTable): boolean {
  return (
    FIELDS.every((f) => a[f] === b[f]) &&
    // Stored as float4 and read back rounded to the millimetre.
    GEOMETRY.every((f) => Math.abs(a[f] - b[f]) < 0.0005)
  );
}

function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

function pairKey(a: string, b: string): string {
  return ordered(a, b).join("|");
}
