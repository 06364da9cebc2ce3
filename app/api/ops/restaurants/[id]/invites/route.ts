import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { inviteStaffMember } from "@/server/setup/team/invite-staff-member";
import { listTeam } from "@/server/setup/team/list-team";
import { requestOrigin } from "@/server/setup/team/request-origin";
import { ZInviteRequestSchema, ZInviteResponseSchema, ZTeamResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/ops/restaurants/{id}/invites – the pending invitations (manager); the same list the team route gives.
export const GET = withRoute(
  {
    name: "ops.invites.list",
    summary: "List the restaurant's pending invitations (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZTeamResponseSchema.pick({ invites: true }),
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const { invites } = await listTeam(runtime.db.kysely, { restaurantId });
    return Response.json({ invites }, { headers: NO_STORE });
  },
);

// POST /api/ops/restaurants/{id}/invites {email, role} – invite someone: a link valid 7 days, emailed through
// the outbox (manager: host/manager; owner: any role). 201 with the invitation (never its link).
export const POST = withRoute(
  {
    name: "ops.invites.create",
    summary: "Invite someone to the team by email: a single-use link valid 7 days (manager)",
    auth: staffAuth(),
    audience: "staff",
    body: ZInviteRequestSchema,
    response: ZInviteResponseSchema,
    successStatus: 201,
  },
  async ({ auth: actor, params, body, request, log }) => {
    const restaurantId = String(params.id);
    const runtime = await getRuntime();
    const { invite } = await inviteStaffMember(runtime.db, {
      actor,
      restaurantId,
      input: body,
      origin: requestOrigin(request),
      mail: { transport: runtime.mail, from: runtime.env.MAIL_FROM },
    });
    log.info({ restaurantId, inviteId: invite.id, role: invite.role, staffId: actor.id }, "staff invited");
    return Response.json({ invite }, { status: 201, headers: NO_STORE });
  },
);
