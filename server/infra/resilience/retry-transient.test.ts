import { describe, expect, it } from "vitest";
import { retryTransient } from "./retry-transient";
import { TransientError } from "./transient-error";

describe("retryTransient", () => {
  it("retries transient failures with backoff until the call succeeds", async () => {
    const attempts: number[] = [];
    const delays: number[] = [];
    const result = await retryTransient(
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new TransientError("lost the race");
        return "seated";
      },
      { maxAttempts: 5, initialDelayMs: 5, maxDelayMs: 50, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(result).toBe("seated");
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toHaveLength(2);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(50);
  });

  it("rethrows a deterministic error after one call", async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new Error("party too large");
        },
        { maxAttempts: 5, initialDelayMs: 1 },
      ),
    ).rejects.toThrow("party too large");
    expect(calls).toBe(1);
  });

  it("gives up after maxAttempts calls in total", async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
        },
        { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      ),
    ).rejects.toThrow("deadlock detected");
    expect(calls).toBe(3);
  });
});
