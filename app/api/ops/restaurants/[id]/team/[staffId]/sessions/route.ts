import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { signOutMember } from "@/server/setup/team/sign-out-member";
import { ZSignedOutMemberResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// DELETE /api/ops/restaurants/{id}/team/{staffId}/sessions – sign a member out on every device (a lost tablet,
// someone leaving): their sessions end at once; they can sign in again unless also removed. Manager; owner for an
// owner. Not on this team: 404.
export const DELETE = withRoute(
  {
    name: "ops.team.signOut",
    summary: "Sign a team member out everywhere: every session of theirs ends (manager; owner for an owner)",
    auth: staffAuth(),
    audience: "staff",
    response: ZSignedOutMemberResponseSchema,
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    const staffUserId = String(params.staffId);
    const runtime = await getRuntime();
    const signedOut = await signOutMember(runtime.db, { actor, restaurantId, staffUserId });
    log.info({ restaurantId, staffUserId, ended: signedOut.endedSessions, staffId: actor.id }, "member signed out");
    return Response.json({ signedOut }, { headers: { "cache-control": "no-store" } });
  },
);
