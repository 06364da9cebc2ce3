import { sql } from "kysely";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { reviewAfterJobFailure } from "./review-after-job-failure";

/**
 * How long a booking may wait for a placement with no assignment job left before it is called orphaned: longer than
 * the booking.assign queue's whole retry schedule (5 retries, 2 s doubling with jitter, 5 s expiry each: under
 * two minutes), so a booking between two retries is never taken for one.
 */
export const ORPHAN_AFTER_SECONDS = 300;

/**
 * The safety net under the assignment job: a booking still owed a placement (assignment_pending /
 * assignment_in_progress) whose every booking.assign job is gone — the final retry died with its worker (pg-boss
 * then fails the job without running the handler, so runAssignJob's "send to review on the final attempt" never
 * ran) — would wait for ever. Every minute such bookings go to manual review with ASSIGNMENT_RETRIES_EXHAUSTED,
 * under their lock like any job failure, so a host sees them. Returns how many were moved.
 */
export async function reviewOrphanedBookings(
  deps: TCoordinatorDeps,
  { limit = 100, olderThanSeconds = ORPHAN_AFTER_SECONDS } = {},
): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select b.id from bookings b
     where b.status in ('assignment_pending', 'assignment_in_progress')
       and b.updated_at < now() - make_interval(secs => ${olderThanSeconds})
       and not exists (
         select 1 from pgboss.job j
          where j.name = 'booking.assign' and j.data->>'bookingId' = b.id::text
            and j.state in ('created', 'retry', 'active'))
     order by b.updated_at
     limit ${limit}`.execute(deps.db.kysely);
  let moved = 0;
  for (const { id } of rows) {
    const reviewed = await reviewAfterJobFailure(deps, {
      bookingId: id,
      reasonCode: "ASSIGNMENT_RETRIES_EXHAUSTED",
      error: new Error(`no assignment job left after ${olderThanSeconds} s (its last retry ended with its worker)`),
    });
    if (reviewed) moved += 1;
  }
  return moved;
}
