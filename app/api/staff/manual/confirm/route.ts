import { ZStaffConfirmHoldRequestSchema } from "@/server/assignment/manual-selection-schema";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { confirmStaffHoldRequest } from "@/server/http/confirm-staff-hold-request";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";

export const dynamic = "force-dynamic";

// POST /api/staff/manual/confirm – the hold becomes the booking's tables (the same use case as the other confirm
// route): 201 with the booking; an Idempotency-Key replay 200 with the same body; an expired hold 410.
export const POST = withRoute(
  {
    name: "staff.manual.confirm",
    summary: "Confirm a manual hold: the booking with its tables",
    auth: staffAuth(),
    audience: "staff",
    body: ZStaffConfirmHoldRequestSchema,
    response: ZStaffBookingSchema,
    successStatus: 201,
    idempotent: true,
  },
  confirmStaffHoldRequest,
);
