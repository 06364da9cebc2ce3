import { z } from "zod";
import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import type { TReleaseHoldResult } from "./assignment-repository";
import { holdNotFound } from "./confirm-staff-hold";
import { releaseHold } from "./release-hold";

/**
 * DELETE /api/staff/manual/hold/{holdId}: frees a hold's tables now. The hold's restaurant must be one of the
 * caller's (host or above); a hold of another restaurant, one that never existed and one already gone all answer
 * the same NOT_FOUND. Released concurrently by someone else: 200 with `released: false`.
 */
export async function releaseStaffHold({
  db,
  actor,
  holdId,
}: {
  db: Db;
  actor: TStaffActor;
  holdId: string;
}): Promise<TReleaseHoldResult> {
  if (!z.uuid().safeParse(holdId).success) throw holdNotFound(holdId);
  const hold = await db.kysely.selectFrom("holds").select("restaurant_id").where("id", "=", holdId).executeTakeFirst();
  if (!hold || !actor.memberships.some((m) => m.restaurantId === hold.restaurant_id)) throw holdNotFound(holdId);
  const membership = requireRestaurantRole(actor, hold.restaurant_id, "host");
  return releaseHold({
    db,
    restaurantId: hold.restaurant_id,
    holdId,
    actor: { type: "staff", id: actor.id, role: membership.role },
  });
}
