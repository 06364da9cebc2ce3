import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TTeamInvite, TTeamMember } from "./team-schema";

const iso = (value: Date | string) => new Date(value).toISOString();

/** An invitation row as the Team page shows it (never its token hash). */
export function toTeamInvite(
  row: { id: string; email: string; role: StaffRole; created_at: Date | string; expires_at: Date | string },
  invitedBy: string | null,
  now: Date,
): TTeamInvite {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    expired: new Date(row.expires_at).getTime() <= now.getTime(),
  };
}

/** One member of the restaurant, or undefined. */
export async function findTeamMember(
  db: Queryable,
  { restaurantId, staffUserId }: { restaurantId: string; staffUserId: string },
): Promise<TTeamMember | undefined> {
  const row = await db
    .selectFrom("restaurant_memberships as m")
    .innerJoin("staff_users as u", "u.id", "m.staff_user_id")
    .select(["u.id", "u.display_name", "u.email", "m.role", "m.created_at"])
    .where("m.restaurant_id", "=", restaurantId)
    .where("m.staff_user_id", "=", staffUserId)
    .executeTakeFirst();
  return row
    ? { staffUserId: row.id, name: row.display_name, email: row.email, role: row.role, since: iso(row.created_at) }
    : undefined;
}
