import { withRoute } from "@/server/http/with-route";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// GET /api/metrics – Prometheus text format (attempt outcomes, planner/commit latency, locks, queue depth, circuits)
export const GET = withRoute(
  {
    name: "metrics",
    summary: "Prometheus metrics (text exposition format)",
    auth: "public",
    // Scraped during a database outage too: maitre_circuit_state{dependency="database"} is how it shows.
    usesDatabase: false,
    shed: false,
  },
  async () => {
    await getRuntime(); // the queue-depth gauge reads through the runtime's queue
    const registry = getMetricsRegistry();
    return new Response(await registry.metrics(), {
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  },
);
