import { getEnv } from "@/server/env";
import { checkHealth } from "@/server/health/check-health";
import { withRoute } from "@/server/http/with-route";
import { getDb } from "@/server/infra/db/get-db";
import { circuitStateName, getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";

export const dynamic = "force-dynamic";

const REDIS_STATUS = { closed: "up", open: "down", "half-open": "recovering" } as const;

// GET /api/health – which dependency is down: database (503 problem+json naming it) and Redis (200 "degraded")
export const GET = withRoute(
  { name: "health", summary: "Which dependency is up, down or recovering", auth: "public" },
  async () => {
    const env = getEnv();
    const health = await checkHealth({
      getDb,
      redis: env.UPSTASH_REDIS_REST_URL
        ? { status: REDIS_STATUS[circuitStateName(getCircuitBreaker("redis").state)] }
        : { status: "not_configured" },
    });
    return Response.json(health, { headers: { "cache-control": "no-store" } });
  },
);
