import type { Queryable } from "@/server/infra/db/open-db";

/** The newest assignment attempt of a booking: its outcome, reason code and the planner's stats then. */
export type TLastAttempt = { outcome: string; reasonCode: string | null; plannerStats: Record<string, unknown> };

/** The newest assignment_attempts row of each booking (one read for a whole queue). */
export async function findLastAttempts(
  db: Queryable,
  { bookingIds }: { bookingIds: readonly string[] },
): Promise<Map<string, TLastAttempt>> {
  if (bookingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("assignment_attempts")
    .distinctOn("booking_id")
    .select(["booking_id", "outcome", "reason_code", "planner_stats", "created_at"])
    .where("booking_id", "in", [...bookingIds])
    .orderBy("booking_id")
    .orderBy("created_at", "desc")
    .orderBy("attempt", "desc")
    .execute();
  return new Map(
    rows.map((r) => [
      r.booking_id,
      {
        outcome: r.outcome,
        reasonCode: r.reason_code,
        plannerStats: (r.planner_stats ?? {}) as Record<string, unknown>,
      },
    ]),
  );
}
