import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { addServiceException } from "@/server/setup/service/add-service-exception";
import {
  ZAddServiceExceptionRequestSchema,
  ZAddServiceExceptionResponseSchema,
} from "@/server/setup/service/service-settings-schema";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/service/exceptions {expectedRulesVersion, date, servicePeriodId, kind, hours?, note?}
// – a manager closes a date (whole day or one service) or gives one service special hours. Bookings already on the
// date are NOT cancelled: the answer lists them (affectedBookings) so staff can call the guests.
export const POST = withRoute(
  {
    name: "ops.service.exceptions.add",
    summary: "Add a date exception: closed day, closed service or special hours (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZAddServiceExceptionRequestSchema,
    response: ZAddServiceExceptionResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const added = await addServiceException(runtime.db, { restaurantId, request: body });
    log.info(
      { restaurantId, exceptionId: added.exception.id, affected: added.affectedBookings.length, staffId: actor.id },
      "service exception added",
    );
    return Response.json(added, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
