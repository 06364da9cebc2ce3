import { acceptReviewPlan } from "@/server/coordinator/accept-review-plan";
import { ZAcceptReviewRequestSchema, ZAcceptReviewResponseSchema } from "@/server/coordinator/review-queue-schema";
import { staffAuth } from "@/server/http/staff-auth";
import { requireStaffBooking } from "@/server/http/staff-booking-access";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// POST /api/ops/review/{bookingId}/accept – a manager resolves a review by committing one plan's tables, fenced by
// the booking version they saw; answers the booking with its tables, status and new version.
export const POST = withRoute(
  {
    name: "ops.review.accept",
    summary: "Resolve a review by committing one plan's tables (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZAcceptReviewRequestSchema,
    response: ZAcceptReviewResponseSchema,
  },
  async ({ auth: actor, body, params }) => {
    const runtime = await getRuntime();
    const { restaurantId, membership, bookingActor } = await requireStaffBooking(runtime.db.kysely, {
      actor,
      bookingId: String(params.bookingId),
      role: "manager",
    });
    const booking = await acceptReviewPlan({
      db: runtime.db,
      restaurantId,
      bookingId: String(params.bookingId),
      actor: bookingActor,
      role: membership.role,
      planTableIds: body.planTableIds,
      expectedVersion: body.expectedVersion,
      enqueue: runtime.queue.enqueue,
    });
    return Response.json(booking, { headers: { "cache-control": "no-store" } });
  },
);
