import type { TFloorPlan, TFloorTable } from "@/server/setup/floor/floor-plan-schema";

/** The editor's grid: positions snap to 10 cm (metres everywhere, as stored). */
export const GRID_M = 0.1;

/** A length in metres on the grid, without float noise (0.30000000000000004 → 0.3). */
export function snap(metres: number): number {
  return Math.round(Math.round(metres / GRID_M) * GRID_M * 1000) / 1000;
}

type TBox = { cx: number; cy: number; w: number; h: number };

/** The axis-aligned box a table covers once rotated about its centre (CSS rotates about the centre too). */
export function footprint(t: Pick<TFloorTable, "x" | "y" | "width" | "height" | "rotation">): TBox {
  const rad = (t.rotation * Math.PI) / 180;
  const cos = Math.abs(Math.cos(rad));
  const sin = Math.abs(Math.sin(rad));
  return {
    cx: t.x + t.width / 2,
    cy: t.y + t.height / 2,
    w: t.width * cos + t.height * sin,
    h: t.width * sin + t.height * cos,
  };
}

/** Metres between two tables' edges (0 when they touch or overlap). */
export function edgeGap(a: TFloorTable, b: TFloorTable): number {
  const p = footprint(a);
  const q = footprint(b);
  const dx = Math.max(0, Math.abs(p.cx - q.cx) - (p.w + q.w) / 2);
  const dy = Math.max(0, Math.abs(p.cy - q.cy) - (p.h + q.h) / 2);
  return Math.hypot(dx, dy);
}

export function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function hasLink(links: TFloorPlan["adjacency"], a: string, b: string): boolean {
  const key = linkKey(a, b);
  return links.some(([x, y]) => linkKey(x, y) === key);
}

/** Links `a`–`b`, or unlinks them when they already are. */
export function toggleLink(links: TFloorPlan["adjacency"], a: string, b: string): TFloorPlan["adjacency"] {
  if (a === b) return links;
  const key = linkKey(a, b);
  if (hasLink(links, a, b)) return links.filter(([x, y]) => linkKey(x, y) !== key);
  return [...links, a < b ? [a, b] : [b, a]];
}

/** Every pair of tables whose edges are within `withinCm` centimetres, added to `links` (none twice). */
export function linkNeighbours(
  tables: readonly TFloorTable[],
  links: TFloorPlan["adjacency"],
  withinCm: number,
): { adjacency: TFloorPlan["adjacency"]; added: number } {
  const limit = withinCm / 100 + 1e-6;
  const seen = new Set(links.map(([a, b]) => linkKey(a, b)));
  const adjacency = [...links];
  let added = 0;
  for (let i = 0; i < tables.length; i++) {
    for (let j = i + 1; j < tables.length; j++) {
      const a = tables[i] as TFloorTable;
      const b = tables[j] as TFloorTable;
      const key = linkKey(a.id, b.id);
      if (seen.has(key) || edgeGap(a, b) > limit) continue;
      seen.add(key);
      adjacency.push(a.id < b.id ? [a.id, b.id] : [b.id, a.id]);
      added++;
    }
  }
  return { adjacency, added };
}

/** The first free name of the form T1, T2 … after the number of tables. */
export function nextTableLabel(tables: readonly Pick<TFloorTable, "label">[]): string {
  const used = new Set(tables.map((t) => t.label.trim().toLowerCase()));
  for (let n = tables.length + 1; ; n++) if (!used.has(`t${n}`)) return `T${n}`;
}

/** A new four-top placed right of the zone's last table on the same row (or at the room's corner when empty). */
export function newTable({
  id,
  zoneId,
  tables,
}: {
  id: string;
  zoneId: string;
  tables: readonly TFloorTable[];
}): TFloorTable {
  const inZone = tables.filter((t) => t.zoneId === zoneId);
  const pool = inZone.length > 0 ? inZone : tables;
  const last = [...pool].sort((a, b) => b.x + b.width - (a.x + a.width))[0];
  return {
    id,
    zoneId,
    label: nextTableLabel(tables),
    capacity: 4,
    minParty: 1,
    mergeable: true,
    onlineBookable: true,
    active: true,
    priority: 0,
    x: last ? snap(last.x + footprint(last).w / 2 + last.width / 2 + 0.4) : 0.5,
    y: last ? snap(last.y) : 0.5,
    width: 0.8,
    height: 0.8,
    rotation: 0,
    shape: "rect",
  };
}

/** The part of the plane the canvas shows: every table, with a margin to drag into, and the origin. */
export function roomBounds(tables: readonly TFloorTable[]): {
  minX: number;
  minY: number;
  width: number;
  height: number;
} {
  const boxes = tables.map(footprint);
  const minX = Math.min(0, ...boxes.map((b) => b.cx - b.w / 2)) - 0.5;
  const minY = Math.min(0, ...boxes.map((b) => b.cy - b.h / 2)) - 1;
  const maxX = Math.max(5, ...boxes.map((b) => b.cx + b.w / 2)) + 1.5;
  const maxY = Math.max(3, ...boxes.map((b) => b.cy + b.h / 2)) + 1.5;
  return {
    minX: Math.floor(minX),
    minY: Math.floor(minY),
    width: Math.ceil(maxX - minX),
    height: Math.ceil(maxY - minY),
  };
}
