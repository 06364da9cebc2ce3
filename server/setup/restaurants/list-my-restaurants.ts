import type { Queryable } from "@/server/infra/db/open-db";
import type { TRestaurantSummary } from "./restaurant-schema";

/** The restaurants a member of staff belongs to, with their role in each, by name. */
export async function listMyRestaurants(
  db: Queryable,
  { staffUserId }: { staffUserId: string },
): Promise<TRestaurantSummary[]> {
  return db
    .selectFrom("restaurant_memberships as m")
    .innerJoin("restaurants as r", "r.id", "m.restaurant_id")
    .select(["r.id", "r.slug", "r.name", "r.timezone", "r.locale", "r.currency", "m.role"])
    .where("m.staff_user_id", "=", staffUserId)
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();
}
