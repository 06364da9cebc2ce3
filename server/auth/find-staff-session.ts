import type { Queryable } from "@/server/infra/db/open-db";
import type { TStaffActor } from "./staff-session-types";

/**
 * The member of staff of a live session — not revoked, not expired, user active — with their restaurants and
 * roles, in ONE query (every staff request runs it). Null when any of that fails. `lastSeenAt` lets the caller
 * touch the session only now and then.
 */
export async function findStaffSession(
  db: Queryable,
  { sessionId, staffUserId, now }: { sessionId: string; staffUserId: string; now: Date },
): Promise<(TStaffActor & { lastSeenAt: Date }) | null> {
  const rows = await db
    .selectFrom("staff_sessions as s")
    .innerJoin("staff_users as u", "u.id", "s.staff_user_id")
    .leftJoin("restaurant_memberships as m", "m.staff_user_id", "u.id")
    .leftJoin("restaurants as r", "r.id", "m.restaurant_id")
    .select([
      "s.id as session_id",
      "s.last_seen_at",
      "u.id as user_id",
      "u.email",
      "u.display_name",
      "m.role",
      "r.id as restaurant_id",
      "r.slug",
      "r.name as restaurant_name",
      "r.timezone",
    ])
    .where("s.id", "=", sessionId)
    .where("s.staff_user_id", "=", staffUserId)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", now)
    .where("u.active", "=", true)
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();
  const first = rows[0];
  if (!first) return null;
  return {
    type: "staff",
    id: first.user_id,
    email: first.email,
    name: first.display_name,
    sessionId: first.session_id,
    lastSeenAt: first.last_seen_at,
    memberships: rows.flatMap((row) =>
      row.restaurant_id && row.slug && row.restaurant_name && row.timezone && row.role
        ? [
            {
              restaurantId: row.restaurant_id,
              slug: row.slug,
              name: row.restaurant_name,
              timezone: row.timezone,
              role: row.role,
            },
          ]
        : [],
    ),
  };
}
