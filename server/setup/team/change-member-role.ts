import { liveSessions } from "@/server/auth/authenticate-staff-session";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import { assertMayGrant } from "./assert-may-grant";
import { lastOwnerRefusal, lockTeamMember } from "./lock-team";
import { findTeamMember } from "./team-rows";
import type { TTeamMember } from "./team-schema";

/**
 * Gives a member another role. A manager may assign host and manager; making someone owner, or changing an
 * owner's role, needs an owner. The last owner cannot be demoted (LAST_OWNER): checked under the restaurant's row
 * lock, so two concurrent demotions of the last two owners cannot both pass. Takes effect on the member's next
 * request (memberships are read per request).
 */
export async function changeMemberRole(
  db: Db,
  {
    actor,
    restaurantId,
    staffUserId,
    role,
  }: { actor: Pick<TStaffActor, "memberships">; restaurantId: string; staffUserId: string; role: StaffRole },
): Promise<TTeamMember> {
  assertMayGrant(actor, restaurantId, { grants: role });
  const member = await db.transaction(async (tx) => {
    const current = await lockTeamMember(tx, { restaurantId, staffUserId });
    assertMayGrant(actor, restaurantId, { grants: role, touches: current.role });
    if (current.role === "owner" && role !== "owner" && current.ownerCount <= 1) {
      throw lastOwnerRefusal(staffUserId, "demoted");
    }
    if (current.role !== role) {
      await tx
        .updateTable("restaurant_memberships")
        .set({ role })
        .where("restaurant_id", "=", restaurantId)
        .where("staff_user_id", "=", staffUserId)
        .execute();
    }
    return findTeamMember(tx, { restaurantId, staffUserId });
  });
  liveSessions.clear();
  if (!member) throw new Error("member vanished inside its own transaction");
  return member;
}
