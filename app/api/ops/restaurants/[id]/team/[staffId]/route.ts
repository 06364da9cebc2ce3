import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { changeMemberRole } from "@/server/setup/team/change-member-role";
import { removeMember } from "@/server/setup/team/remove-member";
import {
  ZChangeRoleRequestSchema,
  ZMemberResponseSchema,
  ZRemovedMemberResponseSchema,
} from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// PATCH /api/ops/restaurants/{id}/team/{staffId} {role} – change a member's role (manager: host/manager; owner:
// any). The last owner cannot be demoted: 409 LAST_OWNER.
export const PATCH = withRoute(
  {
    name: "ops.team.changeRole",
    summary: "Change a team member's role; the last owner stays owner (manager; owner for owner changes)",
    auth: staffAuth(),
    audience: "staff",
    body: ZChangeRoleRequestSchema,
    response: ZMemberResponseSchema,
  },
  async ({ auth: actor, params, body, log }) => {
    const restaurantId = String(params.id);
    const staffUserId = String(params.staffId);
    const runtime = await getRuntime();
    const member = await changeMemberRole(runtime.db, { actor, restaurantId, staffUserId, role: body.role });
    log.info({ restaurantId, staffUserId, role: body.role, staffId: actor.id }, "team role changed");
    return Response.json({ member }, { headers: NO_STORE });
  },
);

// DELETE /api/ops/restaurants/{id}/team/{staffId} – remove a member: their sessions no longer reach this
// restaurant from the next request on. The last owner cannot be removed: 409 LAST_OWNER.
export const DELETE = withRoute(
  {
    name: "ops.team.remove",
    summary: "Remove a member from the team; the last owner stays (manager; owner to remove an owner)",
    auth: staffAuth(),
    audience: "staff",
    response: ZRemovedMemberResponseSchema,
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    const staffUserId = String(params.staffId);
    const runtime = await getRuntime();
    const removed = await removeMember(runtime.db, { actor, restaurantId, staffUserId });
    log.info({ restaurantId, staffUserId, staffId: actor.id }, "team member removed");
    return Response.json({ removed }, { headers: NO_STORE });
  },
);
