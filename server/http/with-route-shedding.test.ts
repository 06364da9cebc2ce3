import { afterAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "@/server/errors/domain-error";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { createAdmission } from "./admission";
import { withRoute } from "./with-route";

// Its own file: getEnv() is read once per module graph, and this suite needs a process limit of 2 (the low-water mark follows it down).
vi.stubEnv("MAX_IN_FLIGHT_REQUESTS", "2");
afterAll(() => vi.unstubAllEnvs());

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("createAdmission", () => {
  const at = (clock: { t: number }) => () => clock.t;

  it("refuses at the hard limit, and admits again once one is released (once)", () => {
    const admission = createAdmission({ lowWater: 10, standingMs: 1000, hardLimit: 2 });
    const first = admission.tryAdmit();
    const second = admission.tryAdmit();
    expect(first && second).toBeTruthy();
    expect(admission.tryAdmit()).toBeNull();
    first?.();
    first?.(); // a second call of the same release frees nothing more
    expect(admission.inFlight()).toBe(1);
    expect(admission.tryAdmit()).not.toBeNull();
    expect(admission.tryAdmit()).toBeNull();
  });

  it("admits a burst of 50 at once whole: the queue had no time to stand", () => {
    const clock = { t: 0 };
    const admission = createAdmission({ lowWater: 16, standingMs: 1000, hardLimit: 256 }, at(clock));
    const burst = Array.from({ length: 50 }, () => admission.tryAdmit());
    expect(burst.every(Boolean)).toBe(true);
  });

  it("refuses past the low-water mark once the queue has stood for a second, until it breaks", () => {
    const clock = { t: 0 };
    const admission = createAdmission({ lowWater: 4, standingMs: 1000, hardLimit: 256 }, at(clock));
    const held = Array.from({ length: 6 }, () => admission.tryAdmit());
    clock.t = 900;
    expect(admission.tryAdmit()).not.toBeNull(); // 7 in flight, standing only 0.9 s: still admitted
    clock.t = 1100;
    expect(admission.tryAdmit()).toBeNull(); // standing 1.1 s with 7 ≥ 4 in flight
    // Answers go out but the queue never falls under 4: it still stands, the process keeps refusing.
    held[0]?.();
    held[1]?.();
    expect(admission.inFlight()).toBe(5);
    expect(admission.tryAdmit()).toBeNull();
    // The queue breaks (under 4 in flight): admitted again, and a new queue must stand a full second anew.
    held[2]?.();
    held[3]?.();
    expect(admission.inFlight()).toBe(3);
    const more = [admission.tryAdmit(), admission.tryAdmit(), admission.tryAdmit()];
    expect(more.every(Boolean)).toBe(true);
    clock.t = 2000;
    expect(admission.tryAdmit()).not.toBeNull();
    clock.t = 2200;
    expect(admission.tryAdmit()).toBeNull();
  });
});

describe("withRoute load shedding (MAX_IN_FLIGHT_REQUESTS=2)", () => {
  it("refuses the request past the limit at once with 503 OVERLOADED and Retry-After, before auth or body", async () => {
    const gate = deferred();
    const seen: string[] = [];
    const slow = withRoute(
      {
        name: "test.slow",
        auth: async () => {
          seen.push("auth");
          return {};
        },
      },
      async () => {
        await gate.promise;
        return Response.json({ ok: true });
      },
    );
    const health = withRoute({ name: "test.health", auth: "public", shed: false }, async () =>
      Response.json({ up: true }),
    );
    const a = slow(new Request("http://localhost/api/slow"));
    const b = slow(new Request("http://localhost/api/slow"));
    await vi.waitFor(() => expect(seen).toHaveLength(2));

    const refused = await slow(new Request("http://localhost/api/slow", { method: "POST", body: "{" }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(await refused.json()).toMatchObject({ code: "OVERLOADED", retryAfterSeconds: 2 });
    expect(seen).toHaveLength(2); // the refused request was never authenticated nor read
    // Health is answered while the process is full: a load balancer must not pull a busy instance.
    expect((await health(new Request("http://localhost/api/health"))).status).toBe(200);
    expect(await getMetricsRegistry().getSingleMetricAsString("maitre_requests_shed_total")).toContain(
      'route="test.slow"} 1',
    );

    gate.resolve();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    expect((await slow(new Request("http://localhost/api/slow"))).status).toBe(200);
  });

  it("frees the slot of a request that was refused or failed", async () => {
    const refusing = withRoute({ name: "test.refusing", auth: "public" }, async () => {
      throw new DomainError("NOT_FOUND", "no such thing");
    });
    const crashing = withRoute({ name: "test.crashing", auth: "public" }, async () => {
      throw new Error("boom");
    });
    for (let i = 0; i < 3; i++) expect((await refusing(new Request("http://localhost/api/x"))).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await crashing(new Request("http://localhost/api/x"))).status).toBe(500);
    const ok = withRoute({ name: "test.ok", auth: "public" }, async () => Response.json({ ok: true }));
    const [first, second] = await Promise.all([
      ok(new Request("http://localhost/api/ok")),
      ok(new Request("http://localhost/api/ok")),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
  });
});
