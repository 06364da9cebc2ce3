import type { TPlannerConfigInput, TTableInput, TVenueInput } from "@/server/planner";
import { createPrng, type TPrng } from "../engine/create-prng";
import type { TOptimizerBooking } from "../engine/types";

export type TGeneratedDay = {
  venue: TVenueInput;
  config: TPlannerConfigInput;
  /** In arrival order (random, not by start time), none placed yet. */
  bookings: TOptimizerBooking[];
  serviceStart: number;
  /** Demanded seat-minutes / (Σ capacity × service length): above ~0.8 an evening is overbooked. */
  load: number;
};

const SERVICE_START = Date.parse("2026-03-06T17:00:00Z");
const SERVICE_MINUTES = 360;
const MINUTE = 60_000;
const LAST_SLOT = 18; // 17:00 + 18 × 15 min = 21:30, the last seating
const CAPACITIES: readonly [number, number][] = [
  [2, 35],
  [4, 40],
  [6, 15],
  [8, 10],
];
/** Most parties are 1–4, a tail up to 12 (needs merges). */
const PARTY_MIX: readonly [number, number][] = [
  [1, 3],
  [2, 36],
  [3, 14],
  [4, 24],
  [5, 6],
  [6, 7],
  [7, 2.5],
  [8, 3],
  [9, 1],
  [10, 1.5],
  [11, 0.5],
  [12, 1.5],
];

/**
 * A seeded, realistic evening: zones of ~25 tables laid out in rows of five (neighbours in a row touch, some
 * rows touch the next one), a table mix of 2–8 tops, bookings on a 15-minute grid peaking around 19:00–20:00
 * with turn times by party size, generated until the demanded seat-minutes reach `load` of the capacity.
 */
export function generateDay({
  seed,
  tableCount,
  load,
  maxTablesPerPlan = 3,
}: {
  seed: number;
  tableCount: number;
  load: number;
  maxTablesPerPlan?: number;
}): TGeneratedDay {
  const prng = createPrng(seed);
  const { tables, adjacency } = generateFloor({ prng, tableCount });
  const capacityMinutes = tables.reduce((sum, t) => sum + t.capacity * SERVICE_MINUTES, 0);
  const bookings: TOptimizerBooking[] = [];
  let demand = 0;
  while (demand < load * capacityMinutes) {
    const partySize = pick(prng, PARTY_MIX);
    const minutes = partySize <= 2 ? 90 : partySize <= 4 ? 120 : partySize <= 6 ? 150 : 180;
    const start = SERVICE_START + pickSlot(prng) * 15 * MINUTE;
    bookings.push({
      id: `b${bookings.length + 1}`,
      partySize,
      start,
      end: start + minutes * MINUTE,
      tableIds: null,
      fixed: false,
    });
    demand += partySize * minutes;
  }
  return {
    venue: { id: `generated-${seed}-${tableCount}`, version: 1, tables, adjacency },
    config: { policy: { maxTablesPerPlan, maxOverage: 4 } },
    bookings,
    serviceStart: SERVICE_START,
    load,
  };
}

function generateFloor({ prng, tableCount }: { prng: TPrng; tableCount: number }) {
  const zoneCount = Math.max(1, Math.round(tableCount / 25));
  const tables: TTableInput[] = [];
  const adjacency: [string, string][] = [];
  for (let z = 0; z < zoneCount; z += 1) {
    const zone = String.fromCharCode(65 + z);
    const size = Math.floor(tableCount / zoneCount) + (z < tableCount % zoneCount ? 1 : 0);
    const ids = Array.from({ length: size }, (_, k) => `${zone}${String(k + 1).padStart(2, "0")}`);
    ids.forEach((id, k) => {
      const capacity = pick(prng, CAPACITIES);
      const minParty = capacity === 8 ? 4 : capacity === 6 && prng.next() < 0.5 ? 3 : 1;
      tables.push({ id, zone, capacity, minParty, mergeable: prng.next() < 0.85 });
      if (k % 5 !== 4 && k + 1 < size) adjacency.push([id, ids[k + 1] as string]);
      if (k + 5 < size && prng.next() < 0.3) adjacency.push([id, ids[k + 5] as string]);
    });
  }
  return { tables, adjacency };
}

function pickSlot(prng: TPrng): number {
  const weights = Array.from({ length: LAST_SLOT + 1 }, (_, s) => [s, 1 + 2 * Math.exp(-((s - 9) ** 2) / 18)] as const);
  return pick(prng, weights);
}

function pick(prng: TPrng, weighted: readonly (readonly [number, number])[]): number {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = prng.next() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]?.[0] ?? 0;
}
