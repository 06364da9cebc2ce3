import {
  ZManualSelectionRequestSchema,
  ZManualValidateResponseSchema,
} from "@/server/assignment/manual-selection-schema";
import { validateManualSelection } from "@/server/assignment/validate-manual-selection";
import { findSelectionBooking } from "@/server/assignment/validate-selection";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/staff/manual/validate – every check of the chosen tables, 200 whatever the verdict; writes nothing.
// A stale contextVersion: 409 STALE_CONTEXT with the current one.
export const POST = withRoute(
  {
    name: "staff.manual.validate",
    summary: "Every check of a manual choice of tables (200 whatever the verdict)",
    auth: staffAuth(),
    audience: "staff",
    body: ZManualSelectionRequestSchema,
    response: ZManualValidateResponseSchema,
  },
  async ({ auth: actor, body }) => {
    const runtime = await getRuntime();
    const { restaurantId, booking } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId: body.bookingId,
      read: findSelectionBooking,
    });
    const result = await validateManualSelection({ db: runtime.db, restaurantId, booking, ...body });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  },
);
