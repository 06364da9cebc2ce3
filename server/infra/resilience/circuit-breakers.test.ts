import { BrokenCircuitError } from "cockatiel";
import { describe, expect, it } from "vitest";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { circuitStateName, createCircuitBreaker, isCircuitOpen } from "./circuit-breakers";
import { withTimeout } from "./with-timeout";

const fail = () => Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }));

async function gaugeValue(dependency: string): Promise<number | undefined> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_circuit_state")?.get();
  return metric?.values.find((v) => v.labels.dependency === dependency)?.value;
}

describe("circuit breakers", () => {
  it("opens after consecutive failures, reports it, and half-opens after the break", async () => {
    const breaker = createCircuitBreaker({ dependency: "redis", consecutiveFailures: 2, halfOpenAfterMs: 50 });
    expect(await gaugeValue("redis")).toBe(0);
    await expect(breaker.execute(fail)).rejects.toThrow("refused");
    await expect(breaker.execute(fail)).rejects.toThrow("refused");
    expect(isCircuitOpen(breaker)).toBe(true);
    expect(await gaugeValue("redis")).toBe(2);
    await expect(breaker.execute(() => Promise.resolve("never runs"))).rejects.toBeInstanceOf(BrokenCircuitError);
    await new Promise((resolve) => setTimeout(resolve, 70));
    // cockatiel half-opens lazily: the first call after the break is the trial call.
    let finishTrial = (_value: string) => {};
    const trial = breaker.execute(() => new Promise<string>((resolve) => (finishTrial = resolve)));
    expect(circuitStateName(breaker.state)).toBe("half-open");
    expect(await gaugeValue("redis")).toBe(1);
    finishTrial("ok");
    await expect(trial).resolves.toBe("ok");
    expect(circuitStateName(breaker.state)).toBe("closed");
    expect(await gaugeValue("redis")).toBe(0);
  });

  it("does not open the database circuit for query errors, only for connection errors", async () => {
    const breaker = createCircuitBreaker({ dependency: "database", consecutiveFailures: 1, halfOpenAfterMs: 1000 });
    const violation = () => Promise.reject(Object.assign(new Error("conflicting key value"), { code: "23P01" }));
    await expect(breaker.execute(violation)).rejects.toThrow("conflicting");
    expect(circuitStateName(breaker.state)).toBe("closed");
    await expect(breaker.execute(fail)).rejects.toThrow("refused");
    expect(circuitStateName(breaker.state)).toBe("open");
  });
});

describe("withTimeout", () => {
  it("aborts the signal and rejects at the deadline", async () => {
    let aborted = false;
    const started = Date.now();
    await expect(
      withTimeout({ ms: 30 }, (signal) => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        return new Promise((resolve) => setTimeout(resolve, 1000));
      }),
    ).rejects.toThrow();
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("returns the result when fn finishes in time", async () => {
    await expect(withTimeout({ ms: 500 }, async () => 42)).resolves.toBe(42);
  });
});
