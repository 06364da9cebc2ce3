import { isDomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import {
  NEW_ID_PREFIX,
  type TFloorPlan,
  type TFloorTable,
  type TFloorZone,
  ZFloorPlanSchema,
} from "@/server/setup/floor/floor-plan-schema";
import { loadFloorPlan } from "@/server/setup/floor/load-floor-plan";
import { saveFloorPlan } from "@/server/setup/floor/save-floor-plan";
import { importInvalid } from "./import-invalid";
import type { TAdjacencyRow, TTableRow, TZoneRow } from "./import-row-schema";
import type { TImportRowError } from "./import-schema";
import type { TLocated } from "./parse-import-file";

export type TFloorImportResult = {
  created: number;
  updated: number;
  unchanged: number;
  zonesCreated: string[];
  venueVersion: number;
};

type TFloorKindRows =
  | { kind: "zones"; rows: readonly TLocated<TZoneRow>[] }
  | { kind: "tables"; rows: readonly TLocated<TTableRow>[] }
  | { kind: "adjacency"; rows: readonly TLocated<TAdjacencyRow>[] };

/** Zone colours handed out in turn to zones a file creates without one. */
const ZONE_PALETTE = ["#3b82f6", "#10b981", "#f59e0b", "#8b5cf6", "#ef4444", "#14b8a6", "#ec4899", "#64748b"];
const GRID_COLUMNS = 8;

/**
 * Zones, tables or links from a file, merged into the room as it is and saved through saveFloorPlan, so an import
 * gets the editor's checks and safety (one versioned write; STALE if the room changed meanwhile; STRANDS_BOOKINGS
 * if an update would leave bookings without their tables). Zones are matched by name and tables by label (case
 * does not matter): a match is updated with the columns the row gives, anything else is added; nothing the file
 * does not mention is removed. A tables file may name zones that do not exist yet: they are created with it.
 */
export async function importFloorRows({
  db,
  restaurantId,
  input,
  actor,
  dryRun = false,
  now,
  errors: earlier = [],
}: {
  db: Db;
  restaurantId: string;
  input: TFloorKindRows;
  actor: string;
  dryRun?: boolean;
  now?: Date;
  /** Errors already found in the file (parsing): reported with the ones found here. */
  errors?: readonly TImportRowError[];
}): Promise<TFloorImportResult> {
  const current = await loadFloorPlan(db.kysely, restaurantId);
  const plan: TFloorPlan = structuredClone({
    zones: current.zones,
    tables: current.tables,
    adjacency: current.adjacency,
  });
  const errors: TImportRowError[] = [...earlier];
  const counts = { created: 0, updated: 0, unchanged: 0, zonesCreated: [] as string[] };
  /** Which file line produced each plan row, to put the save's own refusals back on their lines. */
  const lineOf = { zones: new Map<number, number>(), tables: new Map<number, number>() };
  if (input.kind === "zones") mergeZones(plan, input.rows, errors, counts, lineOf.zones);
  if (input.kind === "tables") mergeTables(plan, input.rows, errors, counts, lineOf);
  if (input.kind === "adjacency") mergeLinks(plan, input.rows, errors, counts);

  const parsed = ZFloorPlanSchema.safeParse(plan);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(errorAt(issue.path.map(String), issue.message, lineOf));
  }
  if (errors.length > 0) throw importInvalid(input.kind, errors);
  if (dryRun) return { ...counts, venueVersion: current.venueVersion };
  try {
    const saved = await saveFloorPlan(db, {
      restaurantId,
      expectedVenueVersion: current.venueVersion,
      plan,
      actor,
      ...(now ? { now } : {}),
    });
    return { ...counts, venueVersion: saved.floorPlan.venueVersion };
  } catch (error) {
    if (isDomainError(error, "FLOOR_PLAN_INVALID") && error.errors) {
      throw importInvalid(
        input.kind,
        error.errors.map((e) => errorAt(e.path.split("."), e.message, lineOf)),
      );
    }
    throw error;
  }
}

function errorAt(
  path: string[],
  message: string,
  lineOf: { zones: Map<number, number>; tables: Map<number, number> },
): TImportRowError {
  const [list, index, field] = path;
  const map = list === "zones" ? lineOf.zones : list === "tables" ? lineOf.tables : undefined;
  const line = map?.get(Number(index)) ?? 0;
  return { line, field: field ? toColumn(field) : null, message };
}

const COLUMN_OF: Record<string, string> = {
  minParty: "min_party",
  onlineBookable: "online_bookable",
  sortOrder: "sort_order",
  zoneId: "zone",
};
const toColumn = (field: string) => COLUMN_OF[field] ?? field;

function duplicateCheck<T>(
  rows: readonly TLocated<T>[],
  keyOf: (row: T) => string,
  field: string,
  errors: TImportRowError[],
) {
  const first = new Map<string, number>();
  const ok: TLocated<T>[] = [];
  for (const located of rows) {
    const key = keyOf(located.row).toLowerCase();
    const earlier = first.get(key);
    if (earlier !== undefined) {
      errors.push({ line: located.line, field, message: `"${keyOf(located.row)}" is also on line ${earlier}` });
      continue;
    }
    first.set(key, located.line);
    ok.push(located);
  }
  return ok;
}

function mergeZones(
  plan: TFloorPlan,
  rows: readonly TLocated<TZoneRow>[],
  errors: TImportRowError[],
  counts: { created: number; updated: number; unchanged: number },
  lineOf: Map<number, number>,
): void {
  let nextOrder = Math.max(-1, ...plan.zones.map((z) => z.sortOrder)) + 1;
  for (const { line, row } of duplicateCheck(rows, (r) => r.name, "name", errors)) {
    const index = plan.zones.findIndex((z) => z.name.toLowerCase() === row.name.toLowerCase());
    const existing = plan.zones[index];
    if (existing) {
      const next: TFloorZone = {
        ...existing,
        name: row.name,
        color: row.color ?? existing.color,
        sortOrder: row.sort_order ?? existing.sortOrder,
      };
      const changed = JSON.stringify(next) !== JSON.stringify(existing);
      plan.zones[index] = next;
      lineOf.set(index, line);
      if (changed) counts.updated++;
      else counts.unchanged++;
      continue;
    }
    lineOf.set(plan.zones.length, line);
    plan.zones.push({
      id: `${NEW_ID_PREFIX}zone-${line}`,
      name: row.name,
      color: row.color ?? ZONE_PALETTE[plan.zones.length % ZONE_PALETTE.length] ?? "#64748b",
      sortOrder: row.sort_order ?? Math.min(1000, nextOrder++),
    });
    counts.created++;
  }
}

/** A new table's footprint by its seats (metres), when the row gives none. */
function defaultSize(capacity: number): { width: number; height: number } {
  if (capacity <= 2) return { width: 0.8, height: 0.8 };
  if (capacity <= 4) return { width: 1, height: 1 };
  if (capacity <= 6) return { width: 1.6, height: 1 };
  return { width: 2.2, height: 1 };
}

function mergeTables(
  plan: TFloorPlan,
  rows: readonly TLocated<TTableRow>[],
  errors: TImportRowError[],
  counts: { created: number; updated: number; unchanged: number; zonesCreated: string[] },
  lineOf: { zones: Map<number, number>; tables: Map<number, number> },
): void {
  const zoneByName = new Map(plan.zones.map((z) => [z.name.toLowerCase(), z]));
  let nextOrder = Math.max(-1, ...plan.zones.map((z) => z.sortOrder)) + 1;
  const zoneFor = (name: string, line: number): TFloorZone => {
    const found = zoneByName.get(name.toLowerCase());
    if (found) return found;
    const zone: TFloorZone = {
      id: `${NEW_ID_PREFIX}zone-${name.toLowerCase()}`,
      name,
      color: ZONE_PALETTE[plan.zones.length % ZONE_PALETTE.length] ?? "#64748b",
      sortOrder: Math.min(1000, nextOrder++),
    };
    lineOf.zones.set(plan.zones.length, line);
    plan.zones.push(zone);
    zoneByName.set(name.toLowerCase(), zone);
    counts.zonesCreated.push(name);
    return zone;
  };
  // New tables without coordinates go on a grid below everything already placed.
  const baseY = plan.tables.length ? Math.max(...plan.tables.map((t) => t.y + t.height)) + 1 : 1;
  let placed = 0;
  for (const { line, row } of duplicateCheck(rows, (r) => r.label, "label", errors)) {
    const index = plan.tables.findIndex((t) => t.label.toLowerCase() === row.label.toLowerCase());
    const existing = plan.tables[index];
    const zone = row.zone ? zoneFor(row.zone, line) : undefined;
    if (existing) {
      const next: TFloorTable = {
        ...existing,
        label: row.label,
        zoneId: zone?.id ?? existing.zoneId,
        capacity: row.capacity ?? existing.capacity,
        minParty: row.min_party ?? existing.minParty,
        mergeable: row.mergeable ?? existing.mergeable,
        onlineBookable: row.online_bookable ?? existing.onlineBookable,
        active: row.active ?? existing.active,
        priority: row.priority ?? existing.priority,
        x: row.x ?? existing.x,
        y: row.y ?? existing.y,
        width: row.width ?? existing.width,
        height: row.height ?? existing.height,
        rotation: row.rotation ?? existing.rotation,
        shape: row.shape ?? existing.shape,
      };
      if (next.minParty > next.capacity) {
        errors.push({
          line,
          field: "min_party",
          message: `min party ${next.minParty} exceeds capacity ${next.capacity}`,
        });
        continue;
      }
      const changed = JSON.stringify(next) !== JSON.stringify(existing);
      plan.tables[index] = next;
      lineOf.tables.set(index, line);
      if (changed) counts.updated++;
      else counts.unchanged++;
      continue;
    }
    if (row.capacity === undefined) {
      errors.push({
        line,
        field: "capacity",
        message: `a new table needs its capacity (${row.label} is not in the room yet)`,
      });
      continue;
    }
    const home = zone ?? (plan.zones.length === 1 ? plan.zones[0] : undefined);
    if (!home) {
      errors.push({ line, field: "zone", message: "a new table needs its zone (the room has several)" });
      continue;
    }
    const size = defaultSize(row.capacity);
    const slot = placed++;
    lineOf.tables.set(plan.tables.length, line);
    plan.tables.push({
      id: `${NEW_ID_PREFIX}table-${line}`,
      zoneId: home.id,
      label: row.label,
      capacity: row.capacity,
      minParty: row.min_party ?? 1,
      mergeable: row.mergeable ?? true,
      onlineBookable: row.online_bookable ?? true,
      active: row.active ?? true,
      priority: row.priority ?? 0,
      x: row.x ?? 1 + (slot % GRID_COLUMNS) * 2.5,
      y: row.y ?? baseY + Math.floor(slot / GRID_COLUMNS) * 2,
      width: row.width ?? size.width,
      height: row.height ?? size.height,
      rotation: row.rotation ?? 0,
      shape: row.shape ?? "rect",
    });
    if ((row.min_party ?? 1) > row.capacity) {
      errors.push({ line, field: "min_party", message: "min party cannot exceed capacity" });
    }
    counts.created++;
  }
}

function mergeLinks(
  plan: TFloorPlan,
  rows: readonly TLocated<TAdjacencyRow>[],
  errors: TImportRowError[],
  counts: { created: number; updated: number; unchanged: number },
): void {
  const byLabel = new Map(plan.tables.map((t) => [t.label.toLowerCase(), t]));
  const keyOf = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const links = new Set(plan.adjacency.map(([a, b]) => keyOf(a, b)));
  for (const { line, row } of rows) {
    const a = byLabel.get(row.table_a.toLowerCase());
    const b = byLabel.get(row.table_b.toLowerCase());
    if (!a)
      errors.push({ line, field: "table_a", message: `table ${row.table_a} does not exist (import the tables first)` });
    if (!b)
      errors.push({ line, field: "table_b", message: `table ${row.table_b} does not exist (import the tables first)` });
    if (!a || !b) continue;
    if (a.id === b.id) {
      errors.push({ line, field: "table_b", message: "a table cannot link to itself" });
      continue;
    }
    const key = keyOf(a.id, b.id);
    if (links.has(key)) {
      counts.unchanged++;
      continue;
    }
    links.add(key);
    plan.adjacency.push(a.id < b.id ? [a.id, b.id] : [b.id, a.id]);
    counts.created++;
  }
}
