import { unassignTablesInTx } from "@/server/assignment/unassign-tables";
import { findAssignedTableIds } from "@/server/booking/booking-repository";
import { findBookingView } from "@/server/booking/find-booking-view";
import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import type { TBookingActor } from "@/server/booking/machine";
import { readStaffBooking } from "@/server/booking/read-staff-booking";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { withCurrentOnStale } from "@/server/booking/with-current-on-stale";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";

/**
 * DELETE /api/ops/bookings/{id}/tables/{tableId}: takes one table off a booking. The rest still seating the party
 * keeps the booking placed on them (TABLES_CHANGED); otherwise every table is released and the booking goes back
 * to automatic assignment (UNASSIGN, a new assign job) — unassignTables decides, under the booking's row lock.
 * A table that is not on the booking (another restaurant's included) is NOT_FOUND, naming the booking's tables.
 */
export async function unassignBookingTable({
  db,
  enqueue,
  bookingId,
  restaurantId,
  tableId,
  actor,
  role,
  expectedVersion,
  now = new Date(),
}: {
  db: Db;
  enqueue: TEnqueue;
  bookingId: string;
  restaurantId: string;
  tableId: string;
  actor: TBookingActor;
  role: StaffRole;
  expectedVersion?: number;
  now?: Date;
}): Promise<{ booking: TStaffBookingResponse; jobs: TJobRequest[] }> {
  return withCurrentOnStale(db, { bookingId, actor, role }, () =>
    db.transaction(async (tx) => {
      // Locked (and the version checked) first: the table check below and the write see the same tables.
      const { booking } = await loadBookingForTransition(tx, { bookingId, restaurantId, expectedVersion, actor, now });
      const assigned = await findAssignedTableIds(tx, bookingId);
      if (!assigned.includes(tableId)) {
        const tables = (await findBookingView(tx, { bookingId }))?.tables.map((t) => t.label) ?? [];
        throw new DomainError("NOT_FOUND", `table ${tableId} is not assigned to booking ${booking.reference}`, {
          hint: tables.length
            ? `Its tables now are ${tables.join(", ")}: reload the booking and pick one of those`
            : `Booking ${booking.reference} has no tables (it is ${booking.status}); reload it`,
          meta: { bookingId },
        });
      }
      const outcome = await unassignTablesInTx(tx, {
        bookingId,
        restaurantId,
        tableIds: [tableId],
        actor,
        expectedVersion: booking.state_version,
        enqueue,
        now,
        metadata: { via: "ops.unassign_table" },
      });
      return { booking: await readStaffBooking(tx, { bookingId, actor, role, now }), jobs: outcome.body.jobs };
    }),
  );
}
