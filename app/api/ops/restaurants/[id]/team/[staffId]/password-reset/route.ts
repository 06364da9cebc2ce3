import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { requestOrigin } from "@/server/setup/team/request-origin";
import { sendPasswordReset } from "@/server/setup/team/send-password-reset";
import { ZPasswordResetSentResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/team/{staffId}/password-reset – a member forgot their password: email them a link
// to choose a new one (works once, 24 h; older links stop working). Manager; owner for an owner. Not on this team:
// 404. Supabase Auth mode: 409 PASSWORDS_MANAGED_ELSEWHERE. 201 with the address and expiry (never the link).
export const POST = withRoute(
  {
    name: "ops.team.passwordReset",
    summary: "Email a team member a link to choose a new password (manager; owner for an owner; local accounts)",
    auth: staffAuth(),
    audience: "staff",
    response: ZPasswordResetSentResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, params, request, log }) => {
    const restaurantId = String(params.id);
    const staffUserId = String(params.staffId);
    const runtime = await getRuntime();
    const passwordReset = await sendPasswordReset(runtime.db, {
      actor,
      restaurantId,
      staffUserId,
      authMode: runtime.env.authMode,
      origin: requestOrigin(request),
      mail: { transport: runtime.mail, from: runtime.env.MAIL_FROM },
    });
    log.info({ restaurantId, staffUserId, staffId: actor.id }, "password reset link sent");
    return Response.json({ passwordReset }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
