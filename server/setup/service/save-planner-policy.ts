import type { Db } from "@/server/infra/db/open-db";
import { lockRestaurantVersion } from "./lock-restaurant-version";
import { readServiceSettings } from "./read-service-settings";
import type { TSavePlannerPolicyRequest, TServiceSettings } from "./service-settings-schema";

/**
 * PUT /api/ops/restaurants/{id}/service/planner-policy: the planner's policy and strategy weights (already parsed
 * by the planner's own schemas), based on `expectedVenueVersion` — planner_config is part of the venue, and its
 * trigger bumps venue_version, so the next quote compiles the venue with the new policy. Other keys of the stored
 * config are kept.
 */
export async function savePlannerPolicy(
  db: Db,
  { restaurantId, request }: { restaurantId: string; request: TSavePlannerPolicyRequest },
): Promise<TServiceSettings> {
  return db.transaction(async (tx) => {
    const { plannerConfig } = await lockRestaurantVersion(tx, {
      restaurantId,
      version: "venue",
      expected: request.expectedVenueVersion,
    });
    const stored = plannerConfig && typeof plannerConfig === "object" ? (plannerConfig as Record<string, unknown>) : {};
    await tx
      .updateTable("restaurants")
      .set({ planner_config: JSON.stringify({ ...stored, policy: request.policy, weights: request.weights }) })
      .where("id", "=", restaurantId)
      .execute();
    return readServiceSettings(tx, { restaurantId });
  });
}
