import { toBookingResponse } from "@/server/booking/booking-response";
import { cancelBookingByClient } from "@/server/booking/cancel-booking-by-client";
import { findBookingByReference, parseBookingReference } from "@/server/booking/find-booking-by-reference";
import { bookingClientAuth } from "@/server/http/authenticate-booking-client";
import { enforceRateLimit } from "@/server/http/enforce-rate-limit";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/bookings/{reference} – a booking client (API key) reads its restaurant's booking: status, time, party,
// tables once placed. Another restaurant's reference is 404, the same answer as one that does not exist.
export const GET = withRoute(
  {
    name: "bookings.read",
    summary: "A booking by its reference (booking client)",
    auth: bookingClientAuth("bookings:read"),
  },
  async ({ auth: client, params }) => {
    const reference = parseBookingReference(params.reference);
    const runtime = await getRuntime();
    await enforceRateLimit(runtime.rateLimiters.bookingClient, client.apiKeyId);
    const booking = await findBookingByReference({
      db: runtime.db.kysely,
      restaurantId: client.restaurantId,
      reference,
    });
    return Response.json(toBookingResponse(booking), { headers: NO_STORE });
  },
);

// DELETE /api/bookings/{reference} – cancel: tables freed and the guest's email queued in one transaction; cancelling
// a cancelled booking answers 200 with it as it is (no second email). Started or seated bookings: 409.
export const DELETE = withRoute(
  {
    name: "bookings.cancel",
    summary: "Cancel a booking (booking client; idempotent)",
    auth: bookingClientAuth("bookings:write"),
  },
  async ({ auth: client, params }) => {
    const reference = parseBookingReference(params.reference);
    const runtime = await getRuntime();
    await enforceRateLimit(runtime.rateLimiters.bookingClient, client.apiKeyId);
    const { booking, cancelledNow } = await cancelBookingByClient({
      db: runtime.db,
      enqueue: runtime.queue.enqueue,
      restaurantId: client.restaurantId,
      reference,
      actor: { type: "api_key", id: client.apiKeyId },
    });
    // The email job committed with the cancel; wake the notify workers instead of waiting for their poll.
    if (cancelledNow) runtime.queue.announce("booking.notify");
    return Response.json(toBookingResponse(booking), { headers: NO_STORE });
  },
);
