import type { Queryable } from "@/server/infra/db/open-db";

/** The booking's count of failed assignment attempts as stored (inside the caller's transaction); null if none. */
export async function findAssignmentFailures(db: Queryable, bookingId: string): Promise<number | null> {
  const row = await db
    .selectFrom("bookings")
    .select("assignment_failures")
    .where("id", "=", bookingId)
    .executeTakeFirst();
  return row ? row.assignment_failures : null;
}
