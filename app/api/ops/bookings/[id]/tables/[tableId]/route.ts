import { ZStaffBookingSchema, ZUnassignTableQuerySchema } from "@/server/booking/staff-booking-schema";
import { unassignBookingTable } from "@/server/coordinator/unassign-booking-table";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { isQueueName } from "@/server/infra/queue";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// DELETE /api/ops/bookings/{id}/tables/{tableId}[?expectedVersion=N] – a host takes one table off a booking:
// 200 with the booking (still placed on the rest if they seat the party, else back to assignment_pending).
// A table not on the booking, or another restaurant's booking, is 404.
export const DELETE = withRoute(
  {
    name: "ops.bookings.unassign_table",
    summary: "Take one table off a booking (kept on the rest if they seat the party, else re-assigned)",
    auth: staffAuth(),
    audience: "staff",
    query: ZUnassignTableQuerySchema,
    response: ZStaffBookingSchema,
  },
  async ({ auth: actor, query, params }) => {
    const runtime = await getRuntime();
    const bookingId = String(params.id);
    const { restaurantId, membership, bookingActor } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId,
    });
    const { booking, jobs } = await unassignBookingTable({
      db: runtime.db,
      enqueue: runtime.queue.enqueue,
      bookingId,
      restaurantId,
      tableId: String(params.tableId),
      actor: bookingActor,
      role: membership.role,
      expectedVersion: query.expectedVersion,
    });
    for (const name of new Set(jobs.map((job) => job.name))) if (isQueueName(name)) runtime.queue.announce(name);
    return Response.json(booking, { headers: { "cache-control": "no-store" } });
  },
);
