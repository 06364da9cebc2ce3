import { checkHealth } from "@/server/health/check-health";
import { withRoute } from "@/server/http/with-route";
import { getDb } from "@/server/infra/db/get-db";

export const dynamic = "force-dynamic";

// GET /api/health – database reachability and applied migrations (problem+json 503 when unhealthy)
export const GET = withRoute({ name: "health" }, async () => {
  const health = await checkHealth({ getDb });
  return Response.json(health, { headers: { "cache-control": "no-store" } });
});
