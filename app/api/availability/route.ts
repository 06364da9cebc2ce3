import { ZBookableTimesQuerySchema } from "@/server/availability/bookable-times-schema";
import { listBookableTimes } from "@/server/availability/list-bookable-times";
import { bookingClientAuth } from "@/server/http/authenticate-booking-client";
import { enforceRateLimit } from "@/server/http/enforce-rate-limit";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/availability?date=YYYY-MM-DD&partySize=N – a booking client (API key) lists the day's start times and
// which of them a booking made now would be seated at. The restaurant comes from the key; its bookings are online.
export const GET = withRoute(
  {
    name: "availability.list",
    summary: "The day's start times, each bookable now or with the reason it is not (booking client)",
    auth: bookingClientAuth("availability:read"),
    query: ZBookableTimesQuerySchema,
  },
  async ({ auth: client, query }) => {
    const runtime = await getRuntime();
    await enforceRateLimit(runtime.rateLimiters.bookingClient, client.apiKeyId);
    const times = await listBookableTimes({
      db: runtime.db.kysely,
      restaurantId: client.restaurantId,
      date: query.date,
      partySize: query.partySize,
      source: "online",
      now: new Date(),
    });
    // The answer changes with every booking: a cached copy would offer taken times.
    return Response.json(times, { headers: { "cache-control": "no-store" } });
  },
);
