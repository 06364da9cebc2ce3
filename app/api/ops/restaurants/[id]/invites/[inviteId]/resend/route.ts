import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { requestOrigin } from "@/server/setup/team/request-origin";
import { resendInvite } from "@/server/setup/team/resend-invite";
import { ZInviteResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// POST /api/ops/restaurants/{id}/invites/{inviteId}/resend – a new link (the old one stops working), 7 more
// days, a new email.
export const POST = withRoute(
  {
    name: "ops.invites.resend",
    summary: "Send an invitation again with a new link valid 7 days (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZInviteResponseSchema,
  },
  async ({ auth: actor, params, request, log }) => {
    const restaurantId = String(params.id);
    const runtime = await getRuntime();
    const { invite } = await resendInvite(runtime.db, {
      actor,
      restaurantId,
      inviteId: String(params.inviteId),
      origin: requestOrigin(request),
      mail: { transport: runtime.mail, from: runtime.env.MAIL_FROM },
    });
    log.info({ restaurantId, inviteId: invite.id, staffId: actor.id }, "invitation resent");
    return Response.json({ invite }, { headers: { "cache-control": "no-store" } });
  },
);
