import type { TTimelineTable } from "@/server/availability/ops-availability-schema";

/**
 * Where each table is drawn, in pixels. Tables keep their seeded positions (metres) at one uniform scale, fitted to
 * the width. When the room is so wide that fitting it would shrink a two-top below a readable size (the demo rooms
 * stand their zones in one long line), the zones are wrapped onto rows like words — each zone keeps its own
 * geometry, only the gaps between zones change.
 */
export type TBox = { left: number; top: number; width: number; height: number };
export type TFloorPlan = {
  scale: number;
  width: number;
  height: number;
  tables: Map<string, TBox & { rotation: number; round: boolean }>;
  zones: Array<TBox & { id: string; name: string }>;
  wrapped: boolean;
};

const MAX_SCALE = 90;
/** Pixels per metre below which a 0.8 m two-top cannot show its name and seats. */
const READABLE_SCALE = 54;
const MIN_SCALE = 46;
/** Metres around a zone's tables inside its outline, and above them for its name. */
const PAD = 0.35;
const LABEL = 0.55;
const GAP = 0.7;

type ZoneGroup = { id: string; name: string; x: number; y: number; w: number; h: number; tables: TTimelineTable[] };

function zoneGroups(tables: TTimelineTable[]): ZoneGroup[] {
  const byZone = new Map<string, TTimelineTable[]>();
  for (const t of tables) byZone.set(t.zone.id, [...(byZone.get(t.zone.id) ?? []), t]);
  return [...byZone.values()].map((ts) => {
    const x0 = Math.min(...ts.map((t) => t.layout.x)) - PAD;
    const y0 = Math.min(...ts.map((t) => t.layout.y)) - PAD - LABEL;
    const x1 = Math.max(...ts.map((t) => t.layout.x + t.layout.width)) + PAD;
    const y1 = Math.max(...ts.map((t) => t.layout.y + t.layout.height)) + PAD;
    const zone = ts[0]?.zone ?? { id: "", name: "" };
    return { id: zone.id, name: zone.name, x: x0, y: y0, w: x1 - x0, h: y1 - y0, tables: ts };
  });
}

/** Shelf-pack zones into rows at most `rowWidth` metres wide, in their left-to-right order. */
function packZones(
  groups: ZoneGroup[],
  rowWidth: number,
): { placed: Map<string, { x: number; y: number }>; w: number; h: number } {
  const ordered = [...groups].sort((a, b) => a.y - b.y || a.x - b.x);
  const placed = new Map<string, { x: number; y: number }>();
  let x = 0;
  let y = 0;
  let rowH = 0;
  let w = 0;
  for (const g of ordered) {
    if (x > 0 && x + g.w > rowWidth) {
      y += rowH + GAP;
      x = 0;
      rowH = 0;
    }
    placed.set(g.id, { x, y });
    x += g.w + GAP;
    rowH = Math.max(rowH, g.h);
    w = Math.max(w, x - GAP);
  }
  return { placed, w, h: y + rowH };
}

export function planFloor(tables: TTimelineTable[], availWidth: number, availHeight: number): TFloorPlan {
  const empty: TFloorPlan = { scale: 1, width: 0, height: 0, tables: new Map(), zones: [], wrapped: false };
  if (tables.length === 0 || availWidth <= 0) return empty;
  const groups = zoneGroups(tables);
  const minX = Math.min(...groups.map((g) => g.x));
  const minY = Math.min(...groups.map((g) => g.y));
  const roomW = Math.max(...groups.map((g) => g.x + g.w)) - minX;
  const roomH = Math.max(...groups.map((g) => g.y + g.h)) - minY;
  const asIs = Math.min(MAX_SCALE, availWidth / roomW, Math.max(availHeight, 200) / roomH);

  let scale = asIs;
  let origin = new Map(groups.map((g) => [g.id, { x: g.x - minX, y: g.y - minY }]));
  let size = { w: roomW, h: roomH };
  let wrapped = false;
  // Zones drawn where they stand must not cover each other (a room imported on top of another, a zone moved by
  // mistake): overlapping zones are laid out side by side instead, each keeping its own geometry.
  const overlapping = groups.some((a, i) =>
    groups.some((b, j) => j > i && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h),
  );
  if (asIs < READABLE_SCALE || overlapping) {
    let best: { scale: number; packed: ReturnType<typeof packZones> } | null = null;
    for (let s = MAX_SCALE; s >= MIN_SCALE; s -= 2) {
      const packed = packZones(groups, availWidth / s);
      if (packed.w * s > availWidth + 0.5) continue;
      if (!best) best = { scale: s, packed };
      if (packed.h * s <= availHeight) {
        best = { scale: s, packed };
        break;
      }
    }
    // Taller than the screen at every scale: the smallest readable one, to scroll as little as possible (and
    // sideways too when one zone is wider than the screen).
    if (!best || best.packed.h * best.scale > availHeight) {
      best = { scale: MIN_SCALE, packed: packZones(groups, availWidth / MIN_SCALE) };
    }
    if (best.scale > asIs || overlapping) {
      scale = best.scale;
      origin = best.packed.placed;
      size = { w: best.packed.w, h: best.packed.h };
      wrapped = true;
    }
  }

  const placedTables: TFloorPlan["tables"] = new Map();
  const zones: TFloorPlan["zones"] = [];
  for (const g of groups) {
    const o = origin.get(g.id) ?? { x: 0, y: 0 };
    zones.push({
      id: g.id,
      name: g.name,
      left: o.x * scale,
      top: o.y * scale,
      width: g.w * scale,
      height: g.h * scale,
    });
    for (const t of g.tables) {
      placedTables.set(t.id, {
        left: (o.x + t.layout.x - g.x) * scale,
        top: (o.y + t.layout.y - g.y) * scale,
        width: t.layout.width * scale,
        height: t.layout.height * scale,
        rotation: t.layout.rotation,
        round: t.layout.shape === "round",
      });
    }
  }
  return {
    scale,
    width: Math.ceil(size.w * scale),
    height: Math.ceil(size.h * scale),
    tables: placedTables,
    zones,
    wrapped,
  };
}
