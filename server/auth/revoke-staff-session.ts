import type { Queryable } from "@/server/infra/db/open-db";
import { liveSessions } from "./authenticate-staff-session";

/** Ends a session server-side: its cookie, however long it has left, is refused from now on. Idempotent. */
export async function revokeStaffSession(
  db: Queryable,
  { sessionId, now = new Date() }: { sessionId: string; now?: Date },
): Promise<void> {
  await db
    .updateTable("staff_sessions")
    .set({ revoked_at: now })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
  liveSessions.clear();
}
