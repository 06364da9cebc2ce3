import { sql } from "kysely";
import type { Db } from "@/server/infra/db/open-db";

/**
 * Daily cleanup: assignment attempts older than `attemptDays` (they feed statistics, not audit — the booking
 * history is kept) and idempotency keys past their expiry.
 */
export async function pruneRetention({
  db,
  attemptDays = 90,
}: {
  db: Db;
  attemptDays?: number;
}): Promise<{ attempts: number; idempotencyKeys: number }> {
  const attempts = await db.kysely
    .deleteFrom("assignment_attempts")
    .where("created_at", "<", sql<Date>`now() - make_interval(days => ${attemptDays})`)
    .executeTakeFirst();
  const keys = await db.kysely
    .deleteFrom("idempotency_keys")
    .where("expires_at", "<", sql<Date>`now()`)
    .executeTakeFirst();
  return { attempts: Number(attempts.numDeletedRows), idempotencyKeys: Number(keys.numDeletedRows) };
}
