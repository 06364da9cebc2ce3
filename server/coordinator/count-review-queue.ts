import type { Queryable } from "@/server/infra/db/open-db";

/**
 * Bookings waiting in manual review that are not over yet (their end is still ahead), across all restaurants: what
 * hosts still have to act on. Read on every metrics scrape (partial index `bookings_manual_review_idx`).
 */
export async function countReviewQueue(db: Queryable, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  const row = await db
    .selectFrom("bookings")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "manual_review")
    .where("ends_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
