import type { Queryable } from "@/server/infra/db/open-db";
import { liveSessions } from "./authenticate-staff-session";

/**
 * Ends every live session of one member of staff ("sign out everywhere": a lost tablet, someone leaving): each of
 * their cookies is refused from the next request on, on every device. Returns how many sessions were live.
 * Supabase sessions are Supabase's; there, removing the membership is what locks someone out.
 */
export async function endStaffSessions(
  db: Queryable,
  { staffUserId, now = new Date() }: { staffUserId: string; now?: Date },
): Promise<{ ended: number }> {
  const result = await db
    .updateTable("staff_sessions")
    .set({ revoked_at: now })
    .where("staff_user_id", "=", staffUserId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  liveSessions.clear();
  return { ended: Number(result.numUpdatedRows) };
}
