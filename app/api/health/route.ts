import { getEnv } from "@/server/env";
import { checkHealth } from "@/server/health/check-health";
import { withRoute } from "@/server/http/with-route";
import { circuitStateName, getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

const REDIS_STATUS = { closed: "up", open: "down", "half-open": "recovering" } as const;

// GET /api/health – which dependency is down: database (503 problem+json naming it) and Redis (200 "degraded")
export const GET = withRoute(
  // Never shed: a load balancer that saw 503 here during an overload would pull or restart a busy instance.
  { name: "health", summary: "Which dependency is up, down or recovering", auth: "public", shed: false },
  async () => {
    const env = getEnv();
    const health = await checkHealth({
      // The runtime's database (the one every route uses), built on first use: unreachable → 503 naming it.
      getDb: async () => (await getRuntime()).db,
      redis: env.UPSTASH_REDIS_REST_URL
        ? { status: REDIS_STATUS[circuitStateName(getCircuitBreaker("redis").state)] }
        : { status: "not_configured" },
    });
    return Response.json(health, { headers: { "cache-control": "no-store" } });
  },
);
