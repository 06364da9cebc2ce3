import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { createRestaurant } from "@/server/setup/restaurants/create-restaurant";
import { listMyRestaurants } from "@/server/setup/restaurants/list-my-restaurants";
import {
  ZCreatedRestaurantResponseSchema,
  ZCreateRestaurantRequestSchema,
  ZMyRestaurantsResponseSchema,
} from "@/server/setup/restaurants/restaurant-schema";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants – the restaurants the signed-in member of staff belongs to, with their role in each.
export const GET = withRoute(
  {
    name: "ops.restaurants.list",
    summary: "List my restaurants and my role in each",
    auth: staffAuth(),
    audience: "staff",
    response: ZMyRestaurantsResponseSchema,
  },
  async ({ auth: actor }) => {
    const runtime = await getRuntime();
    const items = await listMyRestaurants(runtime.db.kysely, { staffUserId: actor.id });
    return Response.json({ items }, { headers: NO_STORE });
  },
);

// POST /api/ops/restaurants {name, slug, timezone, locale, currency} – an owner (or staff with no restaurant yet)
// creates a restaurant with one empty zone and becomes its owner: 201. Slug in use: 409 SLUG_TAKEN + suggestion.
export const POST = withRoute(
  {
    name: "ops.restaurants.create",
    summary: "Create a restaurant (owner, or staff with no restaurant yet); the creator becomes its owner",
    auth: staffAuth(),
    audience: "staff",
    body: ZCreateRestaurantRequestSchema,
    response: ZCreatedRestaurantResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, body, log }) => {
    const runtime = await getRuntime();
    const created = await createRestaurant(runtime.db, { actor, input: body });
    log.info(
      { restaurantId: created.restaurant.id, slug: created.restaurant.slug, staffId: actor.id },
      "restaurant created",
    );
    return Response.json(created, { status: 201, headers: NO_STORE });
  },
);
