import { z } from "zod";
import {
  readStaffBookingResponse,
  type TStaffViewer,
  ZStaffBookingSchema,
} from "@/server/booking/staff-booking-response";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TCreateOpsBookingResult } from "./create-ops-booking";

export const ZCreateOpsBookingResponseSchema = ZStaffBookingSchema.extend({
  /** The party was checked in on its tables (seatNow). */
  seated: z.boolean(),
  /** Where the booking stands: `assigned` (on tables), `manual_review`, or `queued` (the job places it shortly). */
  assignment: z.object({ outcome: z.enum(["assigned", "manual_review", "queued"]) }),
});

export type TCreateOpsBookingResponse = z.infer<typeof ZCreateOpsBookingResponseSchema>;

const ON_TABLES = new Set(["assigned", "confirmed", "checked_in", "completed"]);

/**
 * The answer to POST /api/ops/bookings, read back as staff see the booking. Built from the booking's state alone,
 * so an Idempotency-Key replay answers the same body as the first request (unless the booking moved on since).
 */
export async function readCreateOpsBookingResponse(
  db: Queryable,
  { result, viewer }: { result: TCreateOpsBookingResult; viewer: TStaffViewer },
): Promise<TCreateOpsBookingResponse> {
  const booking = await readStaffBookingResponse(db, { bookingId: result.body.bookingId, viewer });
  const outcome = ON_TABLES.has(booking.status)
    ? "assigned"
    : booking.status === "manual_review"
      ? "manual_review"
      : "queued";
  return { ...booking, seated: booking.status === "checked_in", assignment: { outcome } };
}
