import { describe, expect, it } from "vitest";
import { createAdmission } from "./admission";
import { waitForIdle } from "./wait-for-idle";

describe("waitForIdle (shutdown keeps the pool until the answers are out)", () => {
  const admission = () => createAdmission({ lowWater: 32, standingMs: 2000, hardLimit: 256 });

  it("waits for the requests in flight to finish, then for a quiet moment", async () => {
    const process = admission();
    const releases = [process.tryAdmit(), process.tryAdmit()];
    const order: string[] = [];
    setTimeout(() => {
      order.push("first done");
      releases[0]?.();
    }, 60);
    setTimeout(() => {
      order.push("second done");
      releases[1]?.();
    }, 120);
    const outcome = await waitForIdle(() => process.inFlight(), { timeoutMs: 5000, quietMs: 50, pollMs: 5 });
    order.push(outcome);
    expect(order).toEqual(["first done", "second done", "idle"]);
  });

  it("restarts the quiet period when a request arrives during it", async () => {
    const process = admission();
    let late: (() => void) | null = null;
    setTimeout(() => {
      late = process.tryAdmit();
    }, 30);
    setTimeout(() => late?.(), 150);
    const finished: number[] = [];
    const outcome = await waitForIdle(() => process.inFlight(), { timeoutMs: 5000, quietMs: 80, pollMs: 5 }).then(
      (result) => {
        finished.push(process.inFlight());
        return result;
      },
    );
    expect(outcome).toBe("idle");
    expect(late).not.toBeNull();
    expect(finished).toEqual([0]);
  });

  it("gives up at the deadline when a request never finishes", async () => {
    const process = admission();
    process.tryAdmit();
    expect(await waitForIdle(() => process.inFlight(), { timeoutMs: 100, quietMs: 20, pollMs: 5 })).toBe("timeout");
  });
});
