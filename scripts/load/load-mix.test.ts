import { describe, expect, it } from "vitest";
import { CLIENT_KINDS, createMixSchedule, MIX_WEIGHTS, type TSlot } from "./load-mix";

function drain(options: Parameters<typeof createMixSchedule>[0]): TSlot[] {
  const schedule = createMixSchedule(options);
  const slots: TSlot[] = [];
  for (let slot = schedule.next(); slot !== null; slot = schedule.next()) slots.push(slot);
  return slots;
}

describe("createMixSchedule", () => {
  it("replays the same kinds, times and staff for the same seed, and others for another seed", () => {
    const a = drain({ rate: 50, durationMs: 20_000, seed: 7, staffCount: 3 });
    const b = drain({ rate: 50, durationMs: 20_000, seed: 7, staffCount: 3 });
    const c = drain({ rate: 50, durationMs: 20_000, seed: 8, staffCount: 3 });
    expect(a).toEqual(b);
    expect(c.map((s) => s.kind)).not.toEqual(a.map((s) => s.kind));
  });

  it("draws the kinds close to their target shares (booking clients 65 %, staff 35 %)", () => {
    const slots = drain({ rate: 100, durationMs: 300_000, seed: 1, staffCount: 3 });
    expect(slots).toHaveLength(30_000);
    const total = MIX_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    for (const [kind, weight] of MIX_WEIGHTS) {
      const share = slots.filter((s) => s.kind === kind).length / slots.length;
      expect(Math.abs(share - weight / total)).toBeLessThan(0.01);
    }
    const clientShare = slots.filter((s) => CLIENT_KINDS.has(s.kind)).length / slots.length;
    expect(clientShare).toBeGreaterThan(0.64);
    expect(clientShare).toBeLessThan(0.66);
  });

  it("spaces slots 1/rate apart (open loop) and stops at the duration", () => {
    const slots = drain({ rate: 20, durationMs: 5000, seed: 1, staffCount: 2 });
    expect(slots).toHaveLength(100);
    expect(slots[1]?.atMs).toBe(50);
    expect(slots.at(-1)?.atMs).toBe(4950);
    expect(slots.every((s) => s.atMs < 5000)).toBe(true);
  });

  it("ramps linearly from a fifth of the rate to the rate, then holds it for the duration", () => {
    const slots = drain({ rate: 50, durationMs: 10_000, rampMs: 20_000, seed: 1, staffCount: 2 });
    // Ramp: (10/s + 50/s) / 2 × 20 s = 600 slots; then 50/s × 10 s = 500.
    expect(slots).toHaveLength(1100);
    const sentIn = (fromMs: number, toMs: number) => slots.filter((s) => s.atMs >= fromMs && s.atMs < toMs).length;
    expect(sentIn(0, 1000)).toBeGreaterThanOrEqual(10);
    expect(sentIn(0, 1000)).toBeLessThanOrEqual(12); // ~10/s at the start
    expect(sentIn(9_000, 10_000)).toBeGreaterThanOrEqual(29);
    expect(sentIn(9_000, 10_000)).toBeLessThanOrEqual(31); // ~30/s half-way
    expect(sentIn(20_000, 21_000)).toBe(50);
    expect(sentIn(29_000, 30_000)).toBe(50);
    for (let i = 1; i < slots.length; i++)
      expect((slots[i] as TSlot).atMs).toBeGreaterThan((slots[i - 1] as TSlot).atMs);
    expect(slots.at(-1)?.atMs).toBeLessThan(30_000);
  });

  it("stops at the request cap when it comes before the duration", () => {
    expect(drain({ rate: 20, durationMs: 60_000, maxRequests: 37, seed: 1, staffCount: 2 })).toHaveLength(37);
    expect(createMixSchedule({ rate: 20, durationMs: 1000, maxRequests: 500, seed: 1, staffCount: 2 }).count).toBe(20);
  });

  it("gives staff slots to the staff members in turn and none to booking clients", () => {
    const slots = drain({ rate: 50, durationMs: 10_000, seed: 3, staffCount: 3 });
    const staffSlots = slots.filter((s) => !CLIENT_KINDS.has(s.kind));
    expect(staffSlots.map((s) => s.staff)).toEqual(staffSlots.map((_, i) => i % 3));
    expect(slots.filter((s) => CLIENT_KINDS.has(s.kind)).every((s) => s.staff === null)).toBe(true);
  });

  it("refuses a rate or duration that is not positive", () => {
    expect(() => createMixSchedule({ rate: 0, durationMs: 1000, seed: 1, staffCount: 1 })).toThrow(/positive/);
    expect(() => createMixSchedule({ rate: 10, durationMs: -1, seed: 1, staffCount: 1 })).toThrow(/positive/);
  });
});
