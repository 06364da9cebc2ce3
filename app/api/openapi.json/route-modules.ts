import type { TRouteModule } from "@/server/http/build-openapi";
import * as authSession from "../auth/session/route";
import * as availability from "../availability/route";
import * as bookingsReference from "../bookings/[reference]/route";
import * as bookings from "../bookings/route";
import * as health from "../health/route";
import * as invitesTokenAccept from "../invites/[token]/accept/route";
import * as invitesToken from "../invites/[token]/route";
import * as metrics from "../metrics/route";
import * as opsAssignAllRunId from "../ops/assign-all/[runId]/route";
import * as opsAssignAll from "../ops/assign-all/route";
import * as opsAvailability from "../ops/availability/route";
import * as opsBookingsId from "../ops/bookings/[id]/route";
import * as opsBookingsIdTablesTableId from "../ops/bookings/[id]/tables/[tableId]/route";
import * as opsBookingsIdTransitions from "../ops/bookings/[id]/transitions/route";
import * as opsBookings from "../ops/bookings/route";
import * as opsInsights from "../ops/insights/route";
import * as opsLabReplays from "../ops/lab/replays/route";
import * as opsOptimizerRunsIdApply from "../ops/optimizer/runs/[id]/apply/route";
import * as opsOptimizerRunsId from "../ops/optimizer/runs/[id]/route";
import * as opsOptimizerRuns from "../ops/optimizer/runs/route";
import * as opsRestaurantsIdApiKeysKeyId from "../ops/restaurants/[id]/api-keys/[keyId]/route";
import * as opsRestaurantsIdApiKeys from "../ops/restaurants/[id]/api-keys/route";
import * as opsRestaurantsIdExport from "../ops/restaurants/[id]/export/route";
import * as opsRestaurantsIdFloorPlanReleaseBookings from "../ops/restaurants/[id]/floor-plan/release-bookings/route";
import * as opsRestaurantsIdFloorPlan from "../ops/restaurants/[id]/floor-plan/route";
import * as opsRestaurantsIdGuestsGuestIdErase from "../ops/restaurants/[id]/guests/[guestId]/erase/route";
import * as opsRestaurantsIdGuestsGuestIdExport from "../ops/restaurants/[id]/guests/[guestId]/export/route";
import * as opsRestaurantsIdGuestsGuestId from "../ops/restaurants/[id]/guests/[guestId]/route";
import * as opsRestaurantsIdGuestsMerge from "../ops/restaurants/[id]/guests/merge/route";
import * as opsRestaurantsIdGuests from "../ops/restaurants/[id]/guests/route";
import * as opsRestaurantsIdImport from "../ops/restaurants/[id]/import/route";
import * as opsRestaurantsIdImportSamplesFile from "../ops/restaurants/[id]/import/samples/[file]/route";
import * as opsRestaurantsIdInvitesInviteIdResend from "../ops/restaurants/[id]/invites/[inviteId]/resend/route";
import * as opsRestaurantsIdInvitesInviteId from "../ops/restaurants/[id]/invites/[inviteId]/route";
import * as opsRestaurantsIdInvites from "../ops/restaurants/[id]/invites/route";
import * as opsRestaurantsIdServiceExceptionsExceptionId from "../ops/restaurants/[id]/service/exceptions/[exceptionId]/route";
import * as opsRestaurantsIdServiceExceptions from "../ops/restaurants/[id]/service/exceptions/route";
import * as opsRestaurantsIdServicePlannerPolicy from "../ops/restaurants/[id]/service/planner-policy/route";
import * as opsRestaurantsIdService from "../ops/restaurants/[id]/service/route";
import * as opsRestaurantsIdTeamStaffIdPasswordReset from "../ops/restaurants/[id]/team/[staffId]/password-reset/route";
import * as opsRestaurantsIdTeamStaffId from "../ops/restaurants/[id]/team/[staffId]/route";
import * as opsRestaurantsIdTeamStaffIdSessions from "../ops/restaurants/[id]/team/[staffId]/sessions/route";
import * as opsRestaurantsIdTeam from "../ops/restaurants/[id]/team/route";
import * as opsRestaurants from "../ops/restaurants/route";
import * as opsReviewBookingIdAccept from "../ops/review/[bookingId]/accept/route";
import * as opsReview from "../ops/review/route";
import * as opsStream from "../ops/stream/route";
import * as passwordResetsTokenComplete from "../password-resets/[token]/complete/route";
import * as passwordResetsToken from "../password-resets/[token]/route";
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
  { path: "/api/ops/insights", module: opsInsights },
  { path: "/api/invites/{token}", module: invitesToken },
  { path: "/api/invites/{token}/accept", module: invitesTokenAccept },
  { path: "/api/password-resets/{token}", module: passwordResetsToken },
  { path: "/api/password-resets/{token}/complete", module: passwordResetsTokenComplete },
  { path: "/api/ops/restaurants", module: opsRestaurants },
  { path: "/api/ops/restaurants/{id}/export", module: opsRestaurantsIdExport },
  { path: "/api/ops/restaurants/{id}/import", module: opsRestaurantsIdImport },
  { path: "/api/ops/restaurants/{id}/import/samples/{file}", module: opsRestaurantsIdImportSamplesFile },
  { path: "/api/ops/restaurants/{id}/invites", module: opsRestaurantsIdInvites },
  { path: "/api/ops/restaurants/{id}/invites/{inviteId}", module: opsRestaurantsIdInvitesInviteId },
  { path: "/api/ops/restaurants/{id}/invites/{inviteId}/resend", module: opsRestaurantsIdInvitesInviteIdResend },
  { path: "/api/ops/restaurants/{id}/service", module: opsRestaurantsIdService },
  { path: "/api/ops/restaurants/{id}/service/exceptions", module: opsRestaurantsIdServiceExceptions },
  {
    path: "/api/ops/restaurants/{id}/service/exceptions/{exceptionId}",
    module: opsRestaurantsIdServiceExceptionsExceptionId,
  },
  { path: "/api/ops/restaurants/{id}/service/planner-policy", module: opsRestaurantsIdServicePlannerPolicy },
  { path: "/api/ops/restaurants/{id}/team", module: opsRestaurantsIdTeam },
  { path: "/api/ops/restaurants/{id}/team/{staffId}", module: opsRestaurantsIdTeamStaffId },
  { path: "/api/ops/restaurants/{id}/team/{staffId}/sessions", module: opsRestaurantsIdTeamStaffIdSessions },
  { path: "/api/ops/restaurants/{id}/team/{staffId}/password-reset", module: opsRestaurantsIdTeamStaffIdPasswordReset },
  { path: "/api/ops/restaurants/{id}/api-keys", module: opsRestaurantsIdApiKeys },
  { path: "/api/ops/restaurants/{id}/api-keys/{keyId}", module: opsRestaurantsIdApiKeysKeyId },
  { path: "/api/ops/restaurants/{id}/guests", module: opsRestaurantsIdGuests },
  { path: "/api/ops/restaurants/{id}/guests/merge", module: opsRestaurantsIdGuestsMerge },
  { path: "/api/ops/restaurants/{id}/guests/{guestId}", module: opsRestaurantsIdGuestsGuestId },
  { path: "/api/ops/restaurants/{id}/guests/{guestId}/export", module: opsRestaurantsIdGuestsGuestIdExport },
  { path: "/api/ops/restaurants/{id}/guests/{guestId}/erase", module: opsRestaurantsIdGuestsGuestIdErase },
  { path: "/api/ops/restaurants/{id}/floor-plan", module: opsRestaurantsIdFloorPlan },
  {
    path: "/api/ops/restaurants/{id}/floor-plan/release-bookings",
    module: opsRestaurantsIdFloorPlanReleaseBookings,
  },
  { path: "/api/ops/lab/replays", module: opsLabReplays },
  { path: "/api/ops/optimizer/runs", module: opsOptimizerRuns },
  { path: "/api/ops/optimizer/runs/{id}", module: opsOptimizerRunsId },
  { path: "/api/ops/optimizer/runs/{id}/apply", module: opsOptimizerRunsIdApply },
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
