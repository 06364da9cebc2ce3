import type { TRouteModule } from "@/server/http/build-openapi";
import * as authSession from "../auth/session/route";
import * as availability from "../availability/route";
import * as bookingsReference from "../bookings/[reference]/route";
import * as bookings from "../bookings/route";
import * as health from "../health/route";
import * as metrics from "../metrics/route";
import * as opsAssignAllRunId from "../ops/assign-all/[runId]/route";
import * as opsAssignAll from "../ops/assign-all/route";
import * as opsAvailability from "../ops/availability/route";
import * as opsBookingsId from "../ops/bookings/[id]/route";
import * as opsBookingsIdTablesTableId from "../ops/bookings/[id]/tables/[tableId]/route";
import * as opsBookingsIdTransitions from "../ops/bookings/[id]/transitions/route";
import * as opsBookings from "../ops/bookings/route";
import * as opsRestaurantsIdApiKeysKeyId from "../ops/restaurants/[id]/api-keys/[keyId]/route";
import * as opsRestaurantsIdApiKeys from "../ops/restaurants/[id]/api-keys/route";
import * as opsReviewBookingIdAccept from "../ops/review/[bookingId]/accept/route";
import * as opsReview from "../ops/review/route";
import * as opsStream from "../ops/stream/route";
import * as staffAutoConfirm from "../staff/auto/confirm/route";
import * as staffAutoQuote from "../staff/auto/quote/route";
import * as staffManualConfirm from "../staff/manual/confirm/route";
import * as staffManualContext from "../staff/manual/context/route";
import * as staffManualHoldHoldId from "../staff/manual/hold/[holdId]/route";
import * as staffManualHold from "../staff/manual/hold/route";
import * as staffManualValidate from "../staff/manual/validate/route";

/**
 * Every route module of app/api, by its URL path, for /api/openapi.json. A test walks app/api/**\/route.ts and
 * fails when a route is missing here or listed under the wrong path.
 */
export const ROUTE_MODULES: readonly TRouteModule[] = [
  { path: "/api/auth/session", module: authSession },
  { path: "/api/availability", module: availability },
  { path: "/api/bookings", module: bookings },
  { path: "/api/bookings/{reference}", module: bookingsReference },
  { path: "/api/health", module: health },
  { path: "/api/metrics", module: metrics },
  { path: "/api/ops/assign-all", module: opsAssignAll },
  { path: "/api/ops/assign-all/{runId}", module: opsAssignAllRunId },
  { path: "/api/ops/availability", module: opsAvailability },
  { path: "/api/ops/bookings", module: opsBookings },
  { path: "/api/ops/bookings/{id}", module: opsBookingsId },
  { path: "/api/ops/bookings/{id}/tables/{tableId}", module: opsBookingsIdTablesTableId },
  { path: "/api/ops/bookings/{id}/transitions", module: opsBookingsIdTransitions },
  { path: "/api/ops/restaurants/{id}/api-keys", module: opsRestaurantsIdApiKeys },
  { path: "/api/ops/restaurants/{id}/api-keys/{keyId}", module: opsRestaurantsIdApiKeysKeyId },
  { path: "/api/ops/review", module: opsReview },
  { path: "/api/ops/review/{bookingId}/accept", module: opsReviewBookingIdAccept },
  { path: "/api/ops/stream", module: opsStream },
  { path: "/api/staff/auto/confirm", module: staffAutoConfirm },
  { path: "/api/staff/auto/quote", module: staffAutoQuote },
  { path: "/api/staff/manual/confirm", module: staffManualConfirm },
  { path: "/api/staff/manual/context", module: staffManualContext },
  { path: "/api/staff/manual/hold", module: staffManualHold },
  { path: "/api/staff/manual/hold/{holdId}", module: staffManualHoldHoldId },
  { path: "/api/staff/manual/validate", module: staffManualValidate },
];
