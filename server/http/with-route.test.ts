import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@/server/errors/domain-error";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { withRoute } from "./with-route";

describe("withRoute", () => {
  const handler = withRoute(
    {
      name: "test.auth",
      auth: async (request) => {
        if (request.headers.get("authorization") !== "Bearer good") {
          throw new DomainError("UNAUTHENTICATED", "no valid key");
        }
        return { clientId: "client-1" };
      },
      body: z.object({ partySize: z.number().int().min(1) }),
    },
    async ({ auth, body }) => Response.json({ client: auth.clientId, partySize: body.partySize }),
  );
  const post = (body: string, authorization?: string) =>
    handler(
      new Request("http://localhost/api/test", {
        method: "POST",
        body,
        headers: authorization ? { authorization } : {},
      }),
    );

  it("authenticates before it reads the body: a stranger learns nothing about the inputs", async () => {
    const stranger = await post('{"partySize": 0}');
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(stranger.headers.get("x-request-id")).toBeTruthy();
  });

  it("hands the caller and the parsed body to the handler; invalid fields are 400 with their paths", async () => {
    const invalid = await post('{"partySize": 0}', "Bearer good");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: [{ path: "body.partySize" }] });
    const ok = await post('{"partySize": 2}', "Bearer good");
    expect(await ok.json()).toEqual({ client: "client-1", partySize: 2 });
  });

  it("counts every answer by route, method and status and times it (maitre_http_requests_total, _duration_seconds)", async () => {
    const count = async (status: string) =>
      (await getMetricsRegistry().getSingleMetric("maitre_http_requests_total")?.get())?.values.find(
        (v) => v.labels.route === "test.auth" && v.labels.method === "POST" && v.labels.status === status,
      )?.value ?? 0;
    const [ok, refused] = [await count("200"), await count("401")];
    await post('{"partySize": 2}', "Bearer good");
    await post('{"partySize": 2}');
    expect(await count("200")).toBe(ok + 1);
    expect(await count("401")).toBe(refused + 1);
    const histogram = await getMetricsRegistry().getSingleMetric("maitre_http_request_duration_seconds")?.get();
    const observed = histogram?.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === "maitre_http_request_duration_seconds_count" &&
        v.labels.route === "test.auth",
    );
    expect(observed?.value).toBeGreaterThanOrEqual(2);
  });

  describe("when the database is unreachable", () => {
    afterEach(() => {
      // The breaker is per process; later tests start with a closed one.
      (globalThis as { __maitreBreakers?: unknown }).__maitreBreakers = undefined;
    });

    it("answers 503 problem+json with Retry-After naming the database, then fails fast while the circuit is open", async () => {
      let calls = 0;
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      const route = withRoute({ name: "test.db-down", auth: "public" }, async () => {
        calls++;
        throw refused;
      });
      const get = () => route(new Request("http://localhost/api/test"));
      const first = await get();
      expect(first.status).toBe(503);
      expect(first.headers.get("retry-after")).toBe("2");
      expect(first.headers.get("content-type")).toBe("application/problem+json");
      const body = await first.json();
      expect(body).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", dependency: "database", retryAfterSeconds: 2 });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|5432/);
      await get();
      await get();
      // Three connection failures opened the circuit: the next request is refused without touching the database.
      const fast = await get();
      expect(fast.status).toBe(503);
      expect(calls).toBe(3);
    });

    it("still answers a refusal of the request itself with its own status, not 503", async () => {
      const route = withRoute({ name: "test.refusal", auth: "public" }, async () => {
        throw new DomainError("PACING_LIMIT", "full");
      });
      expect((await route(new Request("http://localhost/api/test"))).status).toBe(409);
    });
  });

  describe("requests that are not the database's fault", () => {
    afterEach(() => {
      (globalThis as { __maitreBreakers?: unknown }).__maitreBreakers = undefined;
    });
    const aborted = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partySize":'));
          // What Node's HTTP server does when the client's socket closes mid-body.
          controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        },
      });

    it("answers a client that hung up mid-body with a 400, never counting it as a database outage", async () => {
      const send = () =>
        handler(
          new Request("http://localhost/api/test", {
            method: "POST",
            body: aborted(),
            headers: { authorization: "Bearer good" },
            duplex: "half",
          } as RequestInit),
        );
      for (let i = 0; i < 5; i++) expect((await send()).status).toBe(400);
      // Five client aborts later the database circuit is still closed: a good request goes through.
      const ok = await post('{"partySize": 2}', "Bearer good");
      expect(ok.status).toBe(200);
    });

    it("serves a route that needs no database while the database circuit is open", async () => {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      const failing = withRoute({ name: "test.db-down", auth: "public" }, async () => {
        throw refused;
      });
      for (let i = 0; i < 4; i++) await failing(new Request("http://localhost/api/test"));
      const metrics = withRoute({ name: "test.metrics", auth: "public", usesDatabase: false }, async () =>
        Response.json({ up: true }),
      );
      expect((await failing(new Request("http://localhost/api/test"))).status).toBe(503);
      expect((await metrics(new Request("http://localhost/api/metrics"))).status).toBe(200);
    });
  });
});
