import { mulberry32 } from "@/server/random/mulberry32";
import type { TOccupancyInterval, TTableInput, TVenueInput } from "../types";

/**
 * Seeded generators of realistic evenings (venues laid out in rows, occupancy at a given busy share), shared by the
 * planner benchmark and any test or load script that needs a plausible restaurant. Not used by production code.
 */

export const MINUTE = 60_000;
export const EVENING_MINUTES = 6 * 60; // 17:00–23:00

export type TLoadBand = { name: string; min: number; max: number };

/** Seeded helpers over mulberry32 (test and benchmark generators only; the planner itself never draws). */
export function createRandom(seed: number) {
  const next = mulberry32(seed);
  const between = (min: number, max: number) => min + next() * (max - min);
  const int = (min: number, max: number) => Math.floor(between(min, max + 1));
  const weighted = (weights: Record<number, number>) => {
    const entries = Object.entries(weights);
    let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of entries) {
      roll -= w;
      if (roll < 0) return Number(value);
    }
    return Number(entries.at(-1)?.[0]);
  };
  return { next, between, int, weighted };
}
export type TRandom = ReturnType<typeof createRandom>;

/** Zones of ~20 tables laid out in rows; neighbours in a row are adjacent, a few rows touch. */
export function generateVenue({ size, random }: { size: number; random: TRandom }): TVenueInput {
  const tables: TTableInput[] = [];
  const adjacency: [string, string][] = [];
  const zoneCount = Math.max(1, Math.round(size / 20));
  let previousRow: string[] = [];
  let row: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const zone = `zone-${Math.floor((i * zoneCount) / size) + 1}`;
    const startsZone = i === 0 || tables[i - 1]?.zone !== zone;
    if (startsZone || row.length >= random.int(4, 6)) {
      previousRow = startsZone ? [] : row;
      row = [];
    }
    const capacity = random.weighted({ 2: 35, 4: 40, 6: 15, 8: 10 });
    const id = `T${String(i + 1).padStart(3, "0")}`;
    tables.push({
      id,
      zone,
      capacity,
      minParty: capacity >= 6 ? 3 : 1,
      mergeable: random.next() > 0.1,
      priority: random.int(0, 2),
      onlineBookable: random.next() > 0.05,
    });
    const left = row.at(-1);
    if (left) adjacency.push([left, id]);
    const above = previousRow[row.length];
    if (above && random.next() < 0.3) adjacency.push([above, id]);
    row.push(id);
  }
  return { id: `bench-${size}`, version: 1, tables, adjacency };
}

/**
 * Per table, a busy share drawn from [min, max] becomes bookings of 90–120 min (count rounded at random so the
 * average lands on the share), with the free time split into random gaps between them.
 */
export function generateOccupancy({
  venue,
  load,
  random,
  eveningStart,
}: {
  venue: TVenueInput;
  load: TLoadBand;
  random: TRandom;
  eveningStart: number;
}): TOccupancyInterval[] {
  const intervals: TOccupancyInterval[] = [];
  if (load.max === 0) return intervals;
  for (const table of venue.tables) {
    const wanted = (random.between(load.min, load.max) * EVENING_MINUTES) / 105;
    const count = Math.floor(wanted) + (random.next() < wanted % 1 ? 1 : 0);
    const durations = Array.from({ length: count }, () => random.int(90, 120));
    while (durations.reduce((sum, d) => sum + d, 0) > EVENING_MINUTES) durations.pop();
    const free = EVENING_MINUTES - durations.reduce((sum, d) => sum + d, 0);
    const weights = Array.from({ length: durations.length + 1 }, () => random.next());
    const totalWeight = weights.reduce((sum, w) => sum + w, 0) || 1;
    let at = 0;
    durations.forEach((duration, i) => {
      at += Math.floor((free * (weights[i] ?? 0)) / totalWeight);
      intervals.push({
        tableId: table.id,
        start: eveningStart + at * MINUTE,
        end: eveningStart + (at + duration) * MINUTE,
        kind: random.next() < 0.05 ? "hold" : "assignment",
      });
      at += duration;
    });
  }
  return intervals;
}
