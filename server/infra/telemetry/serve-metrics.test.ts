import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAssignmentAttempt } from "./metrics";
import { type MetricsServer, serveMetrics } from "./serve-metrics";

describe("serveMetrics (the worker's scrape endpoint)", () => {
  let server: MetricsServer;
  beforeAll(async () => {
    server = await serveMetrics({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers GET /metrics with this process's registry in Prometheus text format", async () => {
    recordAssignmentAttempt({ outcome: "assigned", trigger: "job" });
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/maitre_assignment_attempts_total\{outcome="assigned",trigger="job"\} [1-9]/);
    expect(text).toContain("maitre_process_cpu_seconds_total");
  });

  it("answers 404 for any other path or method", async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" })).status).toBe(404);
  });
});
