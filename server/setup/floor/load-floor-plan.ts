import { restaurantNotFound } from "@/server/auth/require-restaurant-role";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TFloorPlanResponse } from "./floor-plan-schema";

/** Geometry is stored as `real` (float4): rounded to the millimetre so 1.1 reads back as 1.1, not 1.1000000238. */
function mm(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * A restaurant's room as the editor, the import and the export see it, in a deterministic order: zones by their
 * order then name, tables by label, links as (smaller id, larger id) sorted. Works on a transaction too (the save
 * answers with the plan it just wrote).
 */
export async function loadFloorPlan(db: Queryable, restaurantId: string): Promise<TFloorPlanResponse> {
  const [restaurant, zones, tables, links] = await Promise.all([
    db.selectFrom("restaurants").select(["venue_version"]).where("id", "=", restaurantId).executeTakeFirst(),
    db
      .selectFrom("zones")
      .select(["id", "name", "color", "sort_order"])
      .where("restaurant_id", "=", restaurantId)
      .orderBy("sort_order")
      .orderBy("name")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("tables")
      .selectAll()
      .where("restaurant_id", "=", restaurantId)
      .orderBy("label")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("table_adjacency")
      .select(["table_a", "table_b"])
      .where("restaurant_id", "=", restaurantId)
      .orderBy("table_a")
      .orderBy("table_b")
      .execute(),
  ]);
  if (!restaurant) throw restaurantNotFound(restaurantId);
  return {
    venueVersion: Number(restaurant.venue_version),
    zones: zones.map((z) => ({ id: z.id, name: z.name, color: z.color, sortOrder: z.sort_order })),
    tables: tables.map((t) => ({
      id: t.id,
      zoneId: t.zone_id,
      label: t.label,
      capacity: t.capacity,
      minParty: t.min_party,
      mergeable: t.mergeable,
      onlineBookable: t.online_bookable,
      active: t.active,
      priority: t.priority,
      x: mm(t.x),
      y: mm(t.y),
      width: mm(t.width),
      height: mm(t.height),
      rotation: mm(t.rotation),
      shape: t.shape,
    })),
    adjacency: links.map((l) => [l.table_a, l.table_b] as [string, string]),
  };
}
