import { sql } from "kysely";
import type { Db } from "@/server/infra/db/open-db";

/**
 * Daily cleanup: assignment attempts older than `attemptDays` (they feed statistics, not audit — the booking
 * history is kept), idempotency keys past their expiry, and staff sessions that ended (expired or signed out)
 * more than `sessionDays` ago — a live session is never touched, and the team page's recent sign-ins stay — and
 * password-reset links expired as long ago (used or not: each works for 24 hours at most).
 */
export async function pruneRetention({
  db,
  attemptDays = 90,
  sessionDays = 30,
}: {
  db: Db;
  attemptDays?: number;
  sessionDays?: number;
}): Promise<{ attempts: number; idempotencyKeys: number; staffSessions: number; passwordResets: number }> {
  const attempts = await db.kysely
    .deleteFrom("assignment_attempts")
    .where("created_at", "<", sql<Date>`now() - make_interval(days => ${attemptDays})`)
    .executeTakeFirst();
  const keys = await db.kysely
    .deleteFrom("idempotency_keys")
    .where("expires_at", "<", sql<Date>`now()`)
    .executeTakeFirst();
  const endedBefore = sql<Date>`now() - make_interval(days => ${sessionDays})`;
  const sessions = await db.kysely
    .deleteFrom("staff_sessions")
    .where((eb) => eb.or([eb("expires_at", "<", endedBefore), eb("revoked_at", "<", endedBefore)]))
    .executeTakeFirst();
  const resets = await db.kysely
    .deleteFrom("staff_password_resets")
    .where("expires_at", "<", endedBefore)
    .executeTakeFirst();
  return {
    passwordResets: Number(resets.numDeletedRows),
    attempts: Number(attempts.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    staffSessions: Number(sessions.numDeletedRows),
  };
}
