import { z } from "zod";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";

/** POST /api/ops/bookings' answer: the staff booking and how it was placed. Universal (the walk-in form parses it). */
export const ZCreateOpsBookingResponseSchema = ZStaffBookingSchema.extend({
  /** The party was checked in on its tables (seatNow). */
  seated: z.boolean(),
  /** Where the booking stands: `assigned` (on tables), `manual_review`, or `queued` (the job places it shortly). */
  assignment: z.object({ outcome: z.enum(["assigned", "manual_review", "queued"]) }),
});

export type TCreateOpsBookingResponse = z.infer<typeof ZCreateOpsBookingResponseSchema>;
