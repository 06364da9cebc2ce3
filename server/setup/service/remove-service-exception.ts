import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { lockRestaurantVersion } from "./lock-restaurant-version";
import { readServiceSettings } from "./read-service-settings";
import type { TServiceSettings } from "./service-settings-schema";

/**
 * DELETE /api/ops/restaurants/{id}/service/exceptions/{exceptionId}: the date goes back to its weekly hours. With
 * `expectedRulesVersion`, refused STALE if the settings changed since; an unknown id (or another restaurant's,
 * or one already removed) is NOT_FOUND.
 */
export async function removeServiceException(
  db: Db,
  {
    restaurantId,
    exceptionId,
    expectedRulesVersion,
  }: { restaurantId: string; exceptionId: string; expectedRulesVersion?: number },
): Promise<TServiceSettings> {
  return db.transaction(async (tx) => {
    await lockRestaurantVersion(tx, { restaurantId, version: "rules", expected: expectedRulesVersion });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(exceptionId);
    const deleted = uuid
      ? await tx
          .deleteFrom("service_exceptions")
          .where("restaurant_id", "=", restaurantId)
          .where("id", "=", exceptionId)
          .returning("id")
          .executeTakeFirst()
      : undefined;
    if (!deleted) {
      throw new DomainError("NOT_FOUND", `no date exception ${exceptionId} here`, {
        hint: "Reload the page: the exception may have been removed already",
      });
    }
    return readServiceSettings(tx, { restaurantId });
  });
}
