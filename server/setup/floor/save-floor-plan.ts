import { restaurantNotFound } from "@/server/auth/require-restaurant-role";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { applyFloorPlanDiff } from "./apply-floor-plan-diff";
import { assertTablesDeletable } from "./assert-tables-deletable";
import { checkFloorPlan } from "./check-floor-plan";
import { findStrandedBookings } from "./find-stranded-bookings";
import type { TFloorPlan, TFloorPlanResponse } from "./floor-plan-schema";
import { loadFloorPlan } from "./load-floor-plan";

export type TSaveFloorPlanInput = {
  restaurantId: string;
  /** The venue_version the editor loaded: a save over someone else's change is refused (STALE). */
  expectedVenueVersion: number;
  plan: TFloorPlan;
  /** Who saves (`staff:<id>`, `cli`…), for the log line the caller writes. */
  actor: string;
  now?: Date;
};

export type TSaveFloorPlanResult = { floorPlan: TFloorPlanResponse; idMap: Record<string, string> };

/**
 * Saves a whole room as ONE versioned write. Under the restaurant's row lock (two editors queue; the second sees
 * the version the first bumped): STALE with the current plan when venue_version moved; FLOOR_PLAN_INVALID with
 * every broken row; STRANDS_BOOKINGS listing every future booking the change would leave without its tables.
 * Only then the diff is written (the triggers bump venue_version, which re-keys the planner's compiled venue).
 */
export async function saveFloorPlan(db: Db, input: TSaveFloorPlanInput): Promise<TSaveFloorPlanResult> {
  const { restaurantId, expectedVenueVersion, plan } = input;
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const locked = await tx
      .selectFrom("restaurants")
      .select("venue_version")
      .where("id", "=", restaurantId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw restaurantNotFound(restaurantId);
    const current = await loadFloorPlan(tx, restaurantId);
    if (current.venueVersion !== expectedVenueVersion) {
      throw new DomainError(
        "STALE",
        `the floor plan changed meanwhile (version ${current.venueVersion}, you edited ${expectedVenueVersion})`,
        {
          hint: "Someone else changed the floor plan: load their version (current) and redo your change",
          meta: { expectedVersion: expectedVenueVersion, currentVersion: current.venueVersion, current },
        },
      );
    }
    checkFloorPlan(plan, current);
    const stranded = await findStrandedBookings(tx, { restaurantId, current, plan, now });
    if (stranded.length > 0) {
      throw new DomainError(
        "STRANDS_BOOKINGS",
        `the change would strand ${stranded.length} booking(s): ${stranded.map((s) => `${s.reference} (${s.detail})`).join("; ")}`,
        { meta: { stranded } },
      );
    }
    await assertTablesDeletable(tx, { current, plan, now });
    const idMap = await applyFloorPlanDiff(tx, { restaurantId, current, plan });
    return { floorPlan: await loadFloorPlan(tx, restaurantId), idMap };
  });
}
