import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { openOpsEventStream } from "@/server/live/open-ops-event-stream";
import { ZOpsStreamQuerySchema } from "@/server/live/ops-stream-schema";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/ops/stream?restaurantId=&date= – Server-Sent Events for every booking, hold and allocation change of
// that restaurant-day (host and up); resumable with Last-Event-ID within the replay window.
export const GET = withRoute(
  { name: "ops.stream", auth: staffAuth(), audience: "staff", query: ZOpsStreamQuerySchema },
  async ({ auth: actor, query, request }) => {
    const membership = requireRestaurantRole(actor, query.restaurantId, "host");
    const runtime = await getRuntime();
    const stream = await openOpsEventStream({
      db: runtime.db.kysely,
      hub: runtime.opsEvents,
      filter: { restaurantId: membership.restaurantId, timezone: membership.timezone, date: query.date },
      lastEventId: request.headers.get("last-event-id"),
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        // nginx and similar proxies buffer responses by default, which would hold events back.
        "x-accel-buffering": "no",
      },
    });
  },
);
