/**
 * Mutable per-table occupancy for the heuristics: which movable booking sits on which table when. Each table holds
 * a handful of bookings a day, so flat arrays scanned linearly beat any tree. Windows are half-open [start, end).
 */
export type TTableSchedule = {
  fits: (tables: readonly number[], start: number, end: number) => boolean;
  /** Bookings overlapping [start, end) on any of these tables (each once). */
  occupants: (tables: readonly number[], start: number, end: number) => number[];
  add: (tables: readonly number[], start: number, end: number, booking: number) => void;
  remove: (tables: readonly number[], booking: number) => void;
  /** Idle time left around [start, end) on these tables (each side capped): small means a snug fit. */
  slack: (tables: readonly number[], start: number, end: number) => number;
};

/** Idle stretches longer than this count the same: what matters is not leaving unusable gaps. */
const SLACK_CAP = 3 * 60 * 60_000;

export function createTableSchedule(tableCount: number): TTableSchedule {
  const starts: number[][] = Array.from({ length: tableCount }, () => []);
  const ends: number[][] = Array.from({ length: tableCount }, () => []);
  const owners: number[][] = Array.from({ length: tableCount }, () => []);
  return {
    fits: (tables, start, end) => {
      for (const t of tables) {
        const s = starts[t] as number[];
        const e = ends[t] as number[];
        for (let k = 0; k < s.length; k += 1) if ((s[k] as number) < end && (e[k] as number) > start) return false;
      }
      return true;
    },
    occupants: (tables, start, end) => {
      const found: number[] = [];
      for (const t of tables) {
        const s = starts[t] as number[];
        const e = ends[t] as number[];
        const o = owners[t] as number[];
        for (let k = 0; k < s.length; k += 1) {
          if ((s[k] as number) < end && (e[k] as number) > start && !found.includes(o[k] as number)) {
            found.push(o[k] as number);
          }
        }
      }
      return found;
    },
    add: (tables, start, end, booking) => {
      for (const t of tables) {
        starts[t]?.push(start);
        ends[t]?.push(end);
        owners[t]?.push(booking);
      }
    },
    slack: (tables, start, end) => {
      let total = 0;
      for (const t of tables) {
        const s = starts[t] as number[];
        const e = ends[t] as number[];
        let before = SLACK_CAP;
        let after = SLACK_CAP;
        for (let k = 0; k < s.length; k += 1) {
          const gapBefore = start - (e[k] as number);
          const gapAfter = (s[k] as number) - end;
          if (gapBefore >= 0 && gapBefore < before) before = gapBefore;
          if (gapAfter >= 0 && gapAfter < after) after = gapAfter;
        }
        total += before + after;
      }
      return total;
    },
    remove: (tables, booking) => {
      for (const t of tables) {
        const o = owners[t] as number[];
        const k = o.indexOf(booking);
        if (k < 0) continue;
        // Order does not matter: swap with the last entry and pop.
        for (const list of [starts[t] as number[], ends[t] as number[], o]) {
          list[k] = list[list.length - 1] as number;
          list.pop();
        }
      }
    },
  };
}
