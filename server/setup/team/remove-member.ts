import { liveSessions } from "@/server/auth/authenticate-staff-session";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import { assertMayGrant } from "./assert-may-grant";
import { lastOwnerRefusal, lockTeamMember } from "./lock-team";

/**
 * Removes a member from the team: from their next request on, their sessions no longer reach this restaurant
 * (memberships are read per request; this instance's one-second session cache is cleared, others' expire).
 * Removing an owner needs an owner; the last owner cannot be removed (LAST_OWNER, under the restaurant's lock).
 */
export async function removeMember(
  db: Db,
  {
    actor,
    restaurantId,
    staffUserId,
  }: { actor: Pick<TStaffActor, "memberships">; restaurantId: string; staffUserId: string },
): Promise<{ staffUserId: string }> {
  assertMayGrant(actor, restaurantId, {});
  await db.transaction(async (tx) => {
    const current = await lockTeamMember(tx, { restaurantId, staffUserId });
    assertMayGrant(actor, restaurantId, { touches: current.role });
    if (current.role === "owner" && current.ownerCount <= 1) throw lastOwnerRefusal(staffUserId, "removed");
    await tx
      .deleteFrom("restaurant_memberships")
      .where("restaurant_id", "=", restaurantId)
      .where("staff_user_id", "=", staffUserId)
      .execute();
  });
  liveSessions.clear();
  return { staffUserId };
}
