import { loadManualContext } from "@/server/assignment/load-manual-context";
import { ZManualContextQuerySchema, ZManualContextResponseSchema } from "@/server/assignment/manual-selection-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/staff/manual/context?bookingId= – every table of the booking's restaurant with what occupies it during
// the booking's window, the booking's tables and live hold, and the contextVersion validate/hold compare against.
export const GET = withRoute(
  {
    name: "staff.manual.context",
    summary: "Every table's state over a booking's window, its tables and hold, and the contextVersion",
    auth: staffAuth(),
    audience: "staff",
    query: ZManualContextQuerySchema,
    response: ZManualContextResponseSchema,
  },
  async ({ auth: actor, query }) => {
    const runtime = await getRuntime();
    const { restaurantId } = await requireStaffBooking(runtime.db.kysely, { actor, bookingId: query.bookingId });
    const context = await loadManualContext({ db: runtime.db, restaurantId, bookingId: query.bookingId });
    return Response.json(context, { headers: { "cache-control": "no-store" } });
  },
);
