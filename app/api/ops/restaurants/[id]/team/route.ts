import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import { staffAuth } from "@/server/http/staff-auth";
import { withRoute } from "@/server/http/with-route";
import { getRuntime } from "@/server/runtime/get-runtime";
import { listTeam } from "@/server/setup/team/list-team";
import { ZTeamResponseSchema } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";

// GET /api/ops/restaurants/{id}/team – members (name, email, role, since) and pending invitations (manager).
export const GET = withRoute(
  {
    name: "ops.team.list",
    summary: "List the restaurant's team and pending invitations (manager)",
    auth: staffAuth(),
    audience: "staff",
    response: ZTeamResponseSchema,
  },
  async ({ auth: actor, params }) => {
    const restaurantId = String(params.id);
    requireRestaurantRole(actor, restaurantId, "manager");
    const runtime = await getRuntime();
    const team = await listTeam(runtime.db.kysely, { restaurantId });
    return Response.json(team, { headers: { "cache-control": "no-store" } });
  },
);
