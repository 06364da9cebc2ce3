import { liveSessions } from "@/server/auth/authenticate-staff-session";
import { endStaffSessions } from "@/server/auth/end-staff-sessions";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import { assertMayGrant } from "./assert-may-grant";
import { lockTeamMember } from "./lock-team";

/**
 * Signs a team member out on every device (their local sessions end; they can sign in again). The same rules as
 * changing them: a manager for hosts and managers, an owner for owners; not on this team: NOT_FOUND. Anyone who may
 * manage the team may sign themselves out everywhere.
 */
export async function signOutMember(
  db: Db,
  {
    actor,
    restaurantId,
    staffUserId,
    now = new Date(),
  }: { actor: Pick<TStaffActor, "memberships">; restaurantId: string; staffUserId: string; now?: Date },
): Promise<{ staffUserId: string; endedSessions: number }> {
  assertMayGrant(actor, restaurantId, {});
  const { ended } = await db.transaction(async (tx) => {
    const current = await lockTeamMember(tx, { restaurantId, staffUserId });
    assertMayGrant(actor, restaurantId, { touches: current.role });
    return endStaffSessions(tx, { staffUserId, now });
  });
  // Cleared again after the commit: a request between the update and the commit may have cached the old state.
  liveSessions.clear();
  return { staffUserId, endedSessions: ended };
}
