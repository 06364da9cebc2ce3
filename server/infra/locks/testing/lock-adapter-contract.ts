import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { expect, it } from "vitest";
import { classifyError } from "@/server/infra/resilience/classify-error";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import { createLockManagerForAdapter } from "../create-lock-manager-for-adapter";
import { LockBusyError, LockLostError } from "../lock-errors";
import type { LockAdapter } from "../lock-types";

export const silentLog = pino({ level: "silent" });

/**
 * The behaviour every lock store must show, run against each real store (in-process, PostgreSQL advisory
 * locks, Upstash through the local proxy against real Redis). Call inside a describe.
 */
export function itBehavesLikeALockStore(stores: () => { holder: LockAdapter; other: LockAdapter }): void {
  const key = () => `booking:${randomUUID()}`;
  // `other` stands for a second process: for PostgreSQL it is a separate pool, so only the server excludes.
  let turn = 0;
  const manager = () => {
    const { holder, other } = stores();
    return createLockManagerForAdapter({ adapter: turn++ % 2 === 0 ? holder : other, log: silentLog });
  };
  const adapter = () => stores().holder;
  const otherProcess = () => stores().other;

  it("lets exactly one of many concurrent callers in at a time", async () => {
    const k = key();
    let inside = 0;
    let maxInside = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        manager().withLock(
          k,
          5000,
          async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await sleep(15);
            order.push(i);
            inside--;
          },
          { waitMs: 10_000 },
        ),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("gives up with a transient LockBusyError after waitMs and counts it", async () => {
    const k = key();
    const busyBefore = await lockCount("busy");
    let release = () => {};
    const holding = manager().withLock(k, 5000, () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(20);
    const started = Date.now();
    const error = await manager()
      .withLock(k, 5000, async () => "never", { waitMs: 120 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect(classifyError(error)).toBe("transient");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(await lockCount("busy")).toBe(busyBefore + 1);
    release();
    await holding;
    await expect(manager().withLock(k, 1000, async () => "free again", { waitMs: 0 })).resolves.toBe("free again");
  });

  it("frees a lock whose holder died once its TTL passes", async () => {
    const k = key();
    expect(await adapter().acquire({ key: k, token: "dead-holder", ttlMs: 250 })).not.toBeNull();
    expect(await otherProcess().acquire({ key: k, token: "next", ttlMs: 1000 })).toBeNull();
    await sleep(400);
    expect(await otherProcess().acquire({ key: k, token: "next", ttlMs: 1000 })).not.toBeNull();
    expect(await otherProcess().release({ key: k, token: "next" })).toBe(true);
  });

  it("ignores release and extend by a token that does not hold the lock", async () => {
    const k = key();
    expect(await adapter().acquire({ key: k, token: "holder", ttlMs: 5000 })).not.toBeNull();
    expect(await adapter().release({ key: k, token: "stale" })).toBe(false);
    expect(await otherProcess().release({ key: k, token: "stale" })).toBe(false);
    expect(await adapter().extend({ key: k, token: "stale", ttlMs: 5000 })).toBe(false);
    expect(await otherProcess().acquire({ key: k, token: "other", ttlMs: 5000 })).toBeNull();
    expect(await adapter().release({ key: k, token: "holder" })).toBe(true);
    expect(await adapter().release({ key: k, token: "holder" })).toBe(false);
    expect(await otherProcess().acquire({ key: k, token: "other", ttlMs: 5000 })).not.toBeNull();
    await otherProcess().release({ key: k, token: "other" });
  });

  it("extends a held lock past its TTL, and aborts the signal once the TTL runs out", async () => {
    const k = key();
    await manager().withLock(k, 250, async (lock) => {
      await sleep(150);
      await lock.extend(600);
      await sleep(200);
      expect(lock.signal.aborted).toBe(false);
      expect(await otherProcess().acquire({ key: k, token: "intruder", ttlMs: 1000 })).toBeNull();
      await sleep(500);
      expect(lock.signal.aborted).toBe(true);
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      await expect(lock.extend()).rejects.toBeInstanceOf(LockLostError);
    });
  });
}

async function lockCount(result: string): Promise<number> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_lock_acquisitions_total")?.get();
  return (metric?.values ?? []).filter((v) => v.labels.result === result).reduce((sum, v) => sum + v.value, 0);
}
