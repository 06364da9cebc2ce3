import { quoteBookingTables } from "@/server/assignment/quote-booking-tables";
import { ZQuoteRequestSchema, ZQuoteResponseSchema } from "@/server/assignment/quote-request-schema";
import { findAssignableBooking } from "@/server/booking/find-assignable-booking";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/staff/auto/quote – staff (host+) ask the planner for a booking's tables: the best plan is held (replacing
// the booking's previous hold) with alternates and diagnostics; when nothing fits, why and the nearest times that do.
export const POST = withRoute(
  {
    name: "staff.auto.quote",
    summary: "Quote and hold the best tables for a booking",
    auth: staffAuth(),
    audience: "staff",
    body: ZQuoteRequestSchema,
    response: ZQuoteResponseSchema,
  },
  async ({ auth: actor, body }) => {
    const runtime = await getRuntime();
    const { restaurantId, bookingActor, booking } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId: body.bookingId,
      role: "host",
      read: findAssignableBooking,
    });
    const quote = await quoteBookingTables({
      db: runtime.db,
      restaurantId,
      actor: bookingActor,
      request: body,
      record: booking,
    });
    return Response.json(quote, { headers: { "cache-control": "no-store" } });
  },
);
