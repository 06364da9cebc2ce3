import { afterAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "@/server/errors/domain-error";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { createAdmission } from "./admission";
import { withRoute } from "./with-route";

// Its own file: getEnv() is read once per module graph, and this suite needs a process limit of 2 (hard and soft).
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
  const fixed = (clock: { t: number }) => () => clock.t;

  it("refuses at the hard limit whatever the speed, and admits again once one is released (once)", () => {
    const admission = createAdmission({ softLimit: 2, hardLimit: 2, targetMs: 1000 });
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

  it("serves a burst past the soft limit while requests are fast: 50 at once on a healthy process", () => {
    const clock = { t: 0 };
    const admission = createAdmission({ softLimit: 32, hardLimit: 256, targetMs: 1000 }, fixed(clock));
    const releases = Array.from({ length: 50 }, () => admission.tryAdmit());
    expect(releases.every(Boolean)).toBe(true);
    clock.t = 40;
    for (const release of releases) release?.();
    expect(admission.recentMs()).toBeLessThan(1000);
  });

  it("refuses past the soft limit once recent requests are slow, and admits again when they are fast", () => {
    const clock = { t: 0 };
    const admission = createAdmission({ softLimit: 3, hardLimit: 100, targetMs: 1000 }, fixed(clock));
    // Requests that took 5 s each: the process is slow.
    for (let i = 0; i < 30; i++) {
      const release = admission.tryAdmit();
      clock.t += 5000;
      release?.();
    }
    expect(admission.recentMs()).toBeGreaterThan(1000);
    const held = [admission.tryAdmit(), admission.tryAdmit(), admission.tryAdmit()];
    expect(held.every(Boolean)).toBe(true); // below the soft limit a slow process still admits
    expect(admission.tryAdmit()).toBeNull(); // busy and slow: refused
    // The backlog clears with fast answers: the average falls under the target and the process admits again.
    for (const release of held) release?.();
    for (let i = 0; i < 40 && admission.recentMs() > 1000; i++) {
      const release = admission.tryAdmit();
      clock.t += 20;
      release?.();
    }
    const more = [admission.tryAdmit(), admission.tryAdmit(), admission.tryAdmit(), admission.tryAdmit()];
    expect(more.every(Boolean)).toBe(true);
  });

  it("forgets slowness once nothing has finished for a while: an idle process admits a burst", () => {
    const clock = { t: 0 };
    const admission = createAdmission({ softLimit: 2, hardLimit: 100, targetMs: 1000 }, fixed(clock));
    for (let i = 0; i < 30; i++) {
      const release = admission.tryAdmit();
      clock.t += 5000;
      release?.();
    }
    const held = [admission.tryAdmit(), admission.tryAdmit()];
    expect(admission.tryAdmit()).toBeNull();
    clock.t += 6000; // nothing finished for 6 s
    expect(admission.tryAdmit()).not.toBeNull();
    for (const release of held) release?.();
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
