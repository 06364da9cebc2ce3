import { DomainError } from "@/server/errors/domain-error";
import type { Tx } from "@/server/infra/db/open-db";
import { readServiceSettings } from "./read-service-settings";

/**
 * Locks the restaurant's row for the rest of the transaction and checks the version the caller's edit was based
 * on: `rules` (rules_version: hours, exceptions, booking window) or `venue` (venue_version: the planner policy).
 * A different version: STALE with the current settings (`current`), so the page can show them and the user redo
 * the edit. The lock makes two saves of the same version one-after-the-other: the second sees the bumped version.
 */
export async function lockRestaurantVersion(
  tx: Tx,
  {
    restaurantId,
    version,
    expected,
  }: { restaurantId: string; version: "rules" | "venue"; expected: number | undefined },
): Promise<{ timezone: string; rulesVersion: number; venueVersion: number; plannerConfig: unknown }> {
  const row = await tx
    .selectFrom("restaurants")
    .select(["timezone", "rules_version", "venue_version", "planner_config"])
    .where("id", "=", restaurantId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  const current = Number(version === "rules" ? row.rules_version : row.venue_version);
  if (expected !== undefined && current !== expected) {
    throw new DomainError(
      "STALE",
      `the restaurant's ${version === "rules" ? "service settings" : "planner settings"} changed since version ${expected} (now ${current})`,
      {
        hint: "Someone else changed these settings: reload them (current), redo your change and save again",
        meta: {
          expectedVersion: expected,
          currentVersion: current,
          current: await readServiceSettings(tx, { restaurantId }),
        },
      },
    );
  }
  return {
    timezone: row.timezone,
    rulesVersion: Number(row.rules_version),
    venueVersion: Number(row.venue_version),
    plannerConfig: row.planner_config,
  };
}
