import { liveSessions } from "@/server/auth/authenticate-staff-session";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TCreatedRestaurantResponse, TCreateRestaurantRequest } from "./restaurant-schema";

/** The zone a new restaurant starts with: its room is empty until the floor editor adds tables. */
export const FIRST_ZONE_NAME = "Main room";

/**
 * A new restaurant, its first zone ("Main room", no tables) and the creator's owner membership, in ONE transaction
 * (a refused slug leaves nothing behind). Allowed to an owner of any restaurant, or to staff with no restaurant
 * yet; a manager or host elsewhere: FORBIDDEN. A slug already in use: SLUG_TAKEN with a free suggestion.
 * The creator's next request sees the new membership (memberships are read per request; this instance's
 * one-second session cache is cleared here).
 */
export async function createRestaurant(
  db: Db,
  { actor, input }: { actor: Pick<TStaffActor, "id" | "memberships">; input: TCreateRestaurantRequest },
): Promise<TCreatedRestaurantResponse> {
  const mayCreate = actor.memberships.length === 0 || actor.memberships.some((m) => m.role === "owner");
  if (!mayCreate) {
    throw new DomainError("FORBIDDEN", "only an owner (or someone with no restaurant yet) may create a restaurant", {
      hint: "Ask an owner of your restaurant to create it and invite you",
      meta: { role: "owner", roles: ["owner"] },
    });
  }
  const created = await db.transaction(async (tx) => {
    const taken = await tx.selectFrom("restaurants").select("id").where("slug", "=", input.slug).executeTakeFirst();
    if (taken) throw await slugTaken(tx, input.slug);
    const restaurant = await tx
      .insertInto("restaurants")
      .values({
        slug: input.slug,
        name: input.name,
        timezone: input.timezone,
        locale: input.locale,
        currency: input.currency,
        planner_config: JSON.stringify({}),
        optimizer_config: JSON.stringify({}),
      })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning(["id", "slug", "name", "timezone", "locale", "currency"])
      .executeTakeFirst();
    // A concurrent create took the slug between the check and the insert.
    if (!restaurant) throw await slugTaken(tx, input.slug);
    const zone = await tx
      .insertInto("zones")
      .values({ restaurant_id: restaurant.id, name: FIRST_ZONE_NAME, sort_order: 0 })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("restaurant_memberships")
      .values({ staff_user_id: actor.id, restaurant_id: restaurant.id, role: "owner" })
      .execute();
    return { restaurant: { ...restaurant, role: "owner" as const, zones: [zone] } };
  });
  liveSessions.clear();
  return created;
}

async function slugTaken(db: Pick<Db["kysely"], "selectFrom">, slug: string): Promise<DomainError> {
  const similar = await db.selectFrom("restaurants").select("slug").where("slug", "like", `${slug}-%`).execute();
  const used = new Set(similar.map((r) => r.slug));
  let n = 2;
  while (used.has(`${slug}-${n}`)) n += 1;
  const suggestion = `${slug}-${n}`.slice(0, 60);
  return new DomainError("SLUG_TAKEN", `the web address "${slug}" is already taken`, {
    hint: `Choose another web address, for example "${suggestion}"`,
    meta: { slug, suggestion },
    errors: [{ path: "body.slug", message: `already taken; try "${suggestion}"` }],
  });
}
