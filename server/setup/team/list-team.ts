import type { Queryable } from "@/server/infra/db/open-db";
import { toTeamInvite } from "./team-rows";
import type { TTeamResponse } from "./team-schema";

const ROLE_ORDER = { owner: 0, manager: 1, host: 2 } as const;

/** The restaurant's members (owners first, then by name) and its pending invitations (newest first). */
export async function listTeam(
  db: Queryable,
  { restaurantId, now = new Date() }: { restaurantId: string; now?: Date },
): Promise<TTeamResponse> {
  const [members, invites] = await Promise.all([
    db
      .selectFrom("restaurant_memberships as m")
      .innerJoin("staff_users as u", "u.id", "m.staff_user_id")
      .select(["u.id", "u.display_name", "u.email", "m.role", "m.created_at"])
      .where("m.restaurant_id", "=", restaurantId)
      .execute(),
    db
      .selectFrom("staff_invites as i")
      .leftJoin("staff_users as u", "u.id", "i.invited_by")
      .select(["i.id", "i.email", "i.role", "i.created_at", "i.expires_at", "u.display_name as invited_by_name"])
      .where("i.restaurant_id", "=", restaurantId)
      .where("i.accepted_at", "is", null)
      .where("i.revoked_at", "is", null)
      .orderBy("i.created_at", "desc")
      .orderBy("i.id")
      .execute(),
  ]);
  return {
    members: members
      .map((m) => ({
        staffUserId: m.id,
        name: m.display_name,
        email: m.email,
        role: m.role,
        since: new Date(m.created_at).toISOString(),
      }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name)),
    invites: invites.map((i) => toTeamInvite(i, i.invited_by_name ?? null, now)),
  };
}
