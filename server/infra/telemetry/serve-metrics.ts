import http from "node:http";
import type { Logger } from "./logger";
import { getMetricsRegistry } from "./metrics";

export type MetricsServer = { port: number; close(): Promise<void> };

/**
 * A bare Prometheus endpoint for processes without the web app (`npm run worker`): `GET /metrics` answers the
 * process's registry (job-side assignment attempts, locks, circuits, planner timings, queue gauges, Node's own);
 * anything else is 404. Binds `host` (default all interfaces, as a scraper on another host needs).
 */
export async function serveMetrics({
  port,
  host = "0.0.0.0",
  log,
}: {
  port: number;
  host?: string;
  log?: Logger;
}): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found: GET /metrics\n");
      return;
    }
    const registry = getMetricsRegistry();
    registry.metrics().then(
      (text) =>
        response.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(text),
      (error: unknown) => {
        log?.warn({ err: error }, "metrics scrape failed");
        response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as { port: number }).port;
  log?.info({ port: bound, host }, "metrics listening on /metrics");
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
