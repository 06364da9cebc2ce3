import { z } from "zod";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { revokeInvite } from "@/server/setup/team/revoke-invite";

export const dynamic = "force-dynamic";

// DELETE /api/ops/restaurants/{id}/invites/{inviteId} – revoke a pending invitation: its link stops working.
export const DELETE = withRoute(
  {
    name: "ops.invites.revoke",
    summary: "Revoke a pending invitation (manager; owner for an owner invitation)",
    auth: staffAuth(),
    audience: "staff",
    response: z.object({ revoked: z.object({ id: z.uuid(), revokedAt: z.iso.datetime() }) }),
  },
  async ({ auth: actor, params, log }) => {
    const restaurantId = String(params.id);
    const runtime = await getRuntime();
    const revoked = await revokeInvite(runtime.db, { actor, restaurantId, inviteId: String(params.inviteId) });
    log.info({ restaurantId, inviteId: revoked.id, staffId: actor.id }, "invitation revoked");
    return Response.json({ revoked }, { headers: { "cache-control": "no-store" } });
  },
);
