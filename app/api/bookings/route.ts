import { createAndAssignBooking } from "@/server/coordinator/create-and-assign-booking";
import {
  idempotencyKeyFrom,
  readCreateBookingResponse,
  ZCreateBookingRequestSchema,
} from "@/server/coordinator/create-booking-request";
import { bookingClientAuth } from "@/server/http/authenticate-booking-client";
import { enforceRateLimit } from "@/server/http/enforce-rate-limit";
import { withRoute } from "@/server/http/with-route";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/bookings – a booking client (API key) books a table: the booking and its assignment job commit
// together, then the assignment runs inline under INLINE_ASSIGN_DEADLINE_MS (the job finishes it otherwise).
export const POST = withRoute(
  {
    name: "bookings.create",
    summary: "Book a table (booking client): the booking, seated inline when it can be",
    successStatus: 201,
    idempotent: true,
    auth: bookingClientAuth("bookings:write"),
    body: ZCreateBookingRequestSchema,
  },
  async ({ auth: client, body, request }) => {
    const runtime = await getRuntime();
    await enforceRateLimit(runtime.rateLimiters.bookingClient, client.apiKeyId);
    const deps = coordinatorDepsOf(runtime);
    const result = await createAndAssignBooking(deps, {
      ...body,
      restaurantId: client.restaurantId,
      actor: { type: "api_key", id: client.apiKeyId },
      source: "online",
      idempotencyKey: idempotencyKeyFrom(request.headers),
      notBefore: new Date(),
      deadlineMs: deps.deadlineMs,
    });
    return Response.json(await readCreateBookingResponse(runtime.db.kysely, result), {
      status: result.replayed ? 200 : 201,
      headers: { "cache-control": "no-store" },
    });
  },
);
