import type { Queryable } from "@/server/infra/db/open-db";
import { STAFF_SESSION_LIFETIME_MS } from "./staff-session-types";

export type TStaffSession = { sessionId: string; staffUserId: string; expiresAt: Date };

/** Starts a session for a user whose credentials were verified; the cookie then carries its id. */
export async function createStaffSession(
  db: Queryable,
  {
    staffUserId,
    now = new Date(),
    userAgent,
    clientAddress,
  }: { staffUserId: string; now?: Date; userAgent?: string | null; clientAddress?: string | null },
): Promise<TStaffSession> {
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_LIFETIME_MS);
  const row = await db
    .insertInto("staff_sessions")
    .values({
      staff_user_id: staffUserId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      user_agent: userAgent ? userAgent.slice(0, 512) : null,
      client_address: clientAddress ? clientAddress.slice(0, 64) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { sessionId: row.id, staffUserId, expiresAt };
}
