import { mulberry32 } from "@/server/random/mulberry32";

/**
 * The load's schedule: open loop, slot i leaves at i / rate seconds whatever earlier answers did, and its kind is
 * drawn from a seeded random source, so the same seed replays the same sequence of kinds.
 *
 * A slot names the action a simulated caller starts. Staff flows have several steps (quote → confirm, context →
 * hold → confirm): a staff member with a step ready spends its next slot on that step instead (see
 * staff-member.ts), so every slot is exactly one request and the offered rate stays `rate`.
 */
export type TSlotKind =
  | "availability"
  | "booking.create"
  | "booking.read"
  | "booking.cancel"
  | "staff.quote"
  | "manual.context"
  | "ops.list"
  | "ops.transition";

export type TSlot = {
  index: number;
  atMs: number;
  kind: TSlotKind /** which staff member, staff kinds only */;
  staff: number | null;
};

/** Relative weights: booking clients 65 %, staff 35 % (availability most; flows' later steps come out of the staff share). */
export const MIX_WEIGHTS: ReadonlyArray<readonly [TSlotKind, number]> = [
  ["availability", 28],
  ["booking.create", 22],
  ["booking.read", 10],
  ["booking.cancel", 5],
  ["staff.quote", 8],
  ["manual.context", 6],
  ["ops.list", 12],
  ["ops.transition", 9],
];

export const CLIENT_KINDS: ReadonlySet<TSlotKind> = new Set([
  "availability",
  "booking.create",
  "booking.read",
  "booking.cancel",
]);

export type TMixSchedule = {
  /** How many slots the run will send: the smaller of rate × duration and the request cap. */
  count: number;
  spacingMs: number;
  /** The next slot, or null when the schedule is spent. */
  next: () => TSlot | null;
};

/** A ramp starts at this share of the steady rate. */
const RAMP_START_SHARE = 0.2;

export function createMixSchedule({
  rate,
  durationMs,
  rampMs = 0,
  maxRequests,
  seed,
  staffCount,
}: {
  rate: number;
  /** At the steady rate, after the ramp. */
  durationMs: number;
  /** A linear ramp from RAMP_START_SHARE × rate up to rate, before the steady part. */
  rampMs?: number;
  maxRequests?: number;
  seed: number;
  staffCount: number;
}): TMixSchedule {
  if (!(rate > 0) || !(durationMs > 0)) throw new Error("rate and duration must be positive");
  if (!(rampMs >= 0)) throw new Error("the ramp cannot be negative");
  const perMs = rate / 1000;
  const startPerMs = perMs * RAMP_START_SHARE;
  // Slots sent during the ramp: the area under the rate's line.
  const rampCount = Math.floor(((startPerMs + perMs) / 2) * rampMs);
  const count = Math.min(rampCount + Math.floor(perMs * durationMs), maxRequests ?? Number.POSITIVE_INFINITY);
  const spacingMs = 1000 / rate;
  // When slot i is due: on the ramp, where the sent count startPerMs·t + (perMs − startPerMs)·t²/(2·rampMs) reaches
  // i; after it, evenly spaced at the steady rate.
  const acceleration = rampMs > 0 ? (perMs - startPerMs) / (2 * rampMs) : 0;
  const timeOf = (i: number) =>
    i < rampCount
      ? (-startPerMs + Math.sqrt(startPerMs * startPerMs + 4 * acceleration * i)) / (2 * acceleration)
      : rampMs + (i - rampCount) * spacingMs;
  const random = mulberry32(seed);
  const total = MIX_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let index = 0;
  let staffTurn = 0;
  return {
    count,
    spacingMs,
    next: () => {
      if (index >= count) return null;
      let r = random() * total;
      let kind: TSlotKind = "availability";
      for (const [candidate, weight] of MIX_WEIGHTS) {
        r -= weight;
        if (r < 0) {
          kind = candidate;
          break;
        }
      }
      // Staff slots go round-robin over the staff members, so each carries the same share of the staff traffic.
      const staff = CLIENT_KINDS.has(kind) ? null : staffTurn++ % Math.max(1, staffCount);
      const slot: TSlot = { index, atMs: timeOf(index), kind, staff };
      index += 1;
      return slot;
    },
  };
}

/** A seeded pick from relative weights (party sizes, kinds). */
export function pickWeighted<T>(random: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  const last = weighted.at(-1);
  if (!last) throw new Error("pickWeighted: nothing to pick from");
  return last[0];
}
