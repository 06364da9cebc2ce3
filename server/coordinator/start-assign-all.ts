import { sql } from "kysely";
import { findDayBookings } from "@/server/booking/find-day-bookings";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import type { TEnqueue } from "@/server/infra/queue/job-definition";

export const ASSIGN_ALL_JOB = "assign_all.run";

export type TAssignAllPayload = { runId: string; restaurantId: string };

/**
 * The statuses an "assign all" takes on: waiting for the auto-assigner, or claimed by a runner that stopped
 * (assignBooking resumes those). Manual review is left out on purpose: leaving review is a manager's decision
 * (the machine's QUEUE_ASSIGNMENT guard), and a host may start a run. created/capacity_verified never rest
 * (createBooking chains them into assignment_pending in one write).
 */
export const ASSIGN_ALL_STATUSES = [
  "assignment_pending",
  "assignment_in_progress",
] as const satisfies readonly BookingStatus[];

/**
 * POST /api/ops/assign-all: records a run over the restaurant-day's unplaced bookings, earliest start first
 * (then the earliest made), and queues its job in the same transaction (outbox): the run exists if and only if
 * its job does. A day with nothing to place is a run that is done at once.
 */
export async function startAssignAll({
  db,
  enqueue,
  restaurantId,
  timezone,
  serviceDate,
  createdBy,
}: {
  db: Db;
  enqueue: TEnqueue;
  restaurantId: string;
  timezone: string;
  serviceDate: string;
  createdBy: string;
}): Promise<{ runId: string; total: number }> {
  return db.transaction(async (tx) => {
    // findDayBookings lists them in creation order; a stable sort by start keeps it among equal starts.
    const bookings = await findDayBookings(tx, { restaurantId, timezone, serviceDate, statuses: ASSIGN_ALL_STATUSES });
    const bookingIds = bookings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).map((b) => b.id);
    const run = await tx
      .insertInto("assign_all_runs")
      .values({
        restaurant_id: restaurantId,
        service_date: serviceDate,
        booking_ids: bookingIds,
        created_by: createdBy,
        finished_at: bookingIds.length === 0 ? sql<Date>`now()` : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (bookingIds.length > 0) {
      await enqueue(tx, {
        name: ASSIGN_ALL_JOB,
        payload: { runId: run.id, restaurantId } satisfies TAssignAllPayload,
        options: { singletonKey: `${ASSIGN_ALL_JOB}:${run.id}` },
      });
    }
    return { runId: run.id, total: bookingIds.length };
  });
}
