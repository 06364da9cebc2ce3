import type { Queryable } from "@/server/infra/db/open-db";
import type { TVenueInput } from "@/server/planner";

export type TLoadedVenue = {
  venue: TVenueInput;
  plannerConfig: unknown;
  restaurant: {
    id: string;
    timezone: string;
    slotMinutes: number;
    holdTtlSeconds: number;
    autoConfirm: boolean;
    maxPartySize: number;
  };
  /** Table id → label and zone id → name, for messages and UIs (the planner works on ids). */
  labels: Record<string, string>;
  zoneNames: Record<string, string>;
};

/**
 * The planner's view of a restaurant: its tables (zone = zone id), adjacency and config, with the venue version
 * that keys the compiled-venue cache (bumped by triggers on any change).
 */
export async function loadVenue(db: Queryable, { restaurantId }: { restaurantId: string }): Promise<TLoadedVenue> {
  const [restaurant, tables, adjacency, zones] = await Promise.all([
    db.selectFrom("restaurants").selectAll().where("id", "=", restaurantId).executeTakeFirstOrThrow(),
    db.selectFrom("tables").selectAll().where("restaurant_id", "=", restaurantId).orderBy("id").execute(),
    db.selectFrom("table_adjacency").select(["table_a", "table_b"]).where("restaurant_id", "=", restaurantId).execute(),
    db.selectFrom("zones").select(["id", "name"]).where("restaurant_id", "=", restaurantId).execute(),
  ]);
  return {
    venue: {
      id: restaurant.id,
      version: Number(restaurant.venue_version),
      timezone: restaurant.timezone,
      tables: tables.map((t) => ({
        id: t.id,
        zone: t.zone_id,
        capacity: t.capacity,
        minParty: t.min_party,
        mergeable: t.mergeable,
        priority: t.priority,
        active: t.active,
        onlineBookable: t.online_bookable,
      })),
      adjacency: adjacency.map((a) => [a.table_a, a.table_b] as const),
    },
    plannerConfig: restaurant.planner_config,
    restaurant: {
      id: restaurant.id,
      timezone: restaurant.timezone,
      slotMinutes: restaurant.slot_minutes,
      holdTtlSeconds: restaurant.hold_ttl_seconds,
      autoConfirm: restaurant.auto_confirm,
      maxPartySize: restaurant.max_party_size,
    },
    labels: Object.fromEntries(tables.map((t) => [t.id, t.label])),
    zoneNames: Object.fromEntries(zones.map((z) => [z.id, z.name])),
  };
}
