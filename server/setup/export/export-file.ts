import Papa from "papaparse";
import { restaurantNotFound } from "@/server/auth/require-restaurant-role";
import type { Db } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import { loadFloorPlan } from "@/server/setup/floor/load-floor-plan";
import { IMPORT_COLUMNS, type TImportFormat, type TImportKind } from "@/server/setup/import/import-schema";
import { toZonedParts, zonedTimeToInstant } from "@/server/time/zoned-time";

export type TExportedFile = { filename: string; contentType: string; text: string; rows: number };

type TRow = Record<string, string | number | boolean | string[] | null>;

/**
 * A restaurant's zones, tables, links or bookings in the import's own shapes (docs/import/README.md), so an export
 * imports again as it is, into this restaurant or another. Bookings: those starting on the local dates
 * [from, to] (all of them without a range); statuses map onto the import's set (a booking still waiting for its
 * tables exports as confirmed without tables, and imports back as waiting).
 */
export async function exportFile({
  db,
  restaurantId,
  kind,
  format,
  from,
  to,
}: {
  db: Db;
  restaurantId: string;
  kind: TImportKind;
  format: TImportFormat;
  from?: string;
  to?: string;
}): Promise<TExportedFile> {
  const restaurant = await db.kysely
    .selectFrom("restaurants")
    .select(["slug", "timezone"])
    .where("id", "=", restaurantId)
    .executeTakeFirst();
  if (!restaurant) throw restaurantNotFound(restaurantId);
  const rows =
    kind === "bookings"
      ? await bookingRows({ db, restaurantId, timezone: restaurant.timezone, from, to })
      : await floorRows(db, restaurantId, kind);
  const range = kind === "bookings" && (from || to) ? `-${from ?? "start"}-to-${to ?? "end"}` : "";
  const filename = `${restaurant.slug}-${kind}${range}.${format}`;
  if (format === "json") {
    return { filename, contentType: "application/json", text: `${JSON.stringify(rows, null, 2)}\n`, rows: rows.length };
  }
  const columns = IMPORT_COLUMNS[kind] as readonly string[];
  const data = rows.map((row) => columns.map((c) => toCell(row[c])));
  const text = `${Papa.unparse({ fields: [...columns], data }, { newline: "\n" })}\n`;
  return { filename, contentType: "text/csv; charset=utf-8", text, rows: rows.length };
}

function toCell(value: TRow[string] | undefined): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(";");
  return value;
}

async function floorRows(db: Db, restaurantId: string, kind: "zones" | "tables" | "adjacency"): Promise<TRow[]> {
  const plan = await loadFloorPlan(db.kysely, restaurantId);
  if (kind === "zones") return plan.zones.map((z) => ({ name: z.name, color: z.color, sort_order: z.sortOrder }));
  const zoneName = new Map(plan.zones.map((z) => [z.id, z.name]));
  const label = new Map(plan.tables.map((t) => [t.id, t.label]));
  if (kind === "adjacency") {
    return plan.adjacency
      .map(([a, b]) =>
        [label.get(a) ?? a, label.get(b) ?? b].sort((x, y) => x.localeCompare(y, "en", { numeric: true })),
      )
      .sort((x, y) => `${x[0]}|${x[1]}`.localeCompare(`${y[0]}|${y[1]}`, "en", { numeric: true }))
      .map(([a, b]) => ({ table_a: a ?? "", table_b: b ?? "" }));
  }
  return plan.tables.map((t) => ({
    label: t.label,
    zone: zoneName.get(t.zoneId) ?? "",
    capacity: t.capacity,
    min_party: t.minParty,
    mergeable: t.mergeable,
    online_bookable: t.onlineBookable,
    active: t.active,
    priority: t.priority,
    x: t.x,
    y: t.y,
    width: t.width,
    height: t.height,
    rotation: t.rotation,
    shape: t.shape,
  }));
}

const EXPORTED_STATUS: Record<BookingStatus, string> = {
  created: "confirmed",
  capacity_verified: "confirmed",
  assignment_pending: "confirmed",
  assignment_in_progress: "confirmed",
  manual_review: "confirmed",
  assigned: "confirmed",
  confirmed: "confirmed",
  checked_in: "checked_in",
  completed: "completed",
  cancelled: "cancelled",
  no_show: "no_show",
};

async function bookingRows({
  db,
  restaurantId,
  timezone,
  from,
  to,
}: {
  db: Db;
  restaurantId: string;
  timezone: string;
  from?: string;
  to?: string;
}): Promise<TRow[]> {
  let query = db.kysely
    .selectFrom("bookings as b")
    .select((eb) => [
      "b.reference",
      "b.guest_name",
      "b.guest_email",
      "b.guest_phone",
      "b.party_size",
      "b.starts_at",
      "b.ends_at",
      "b.status",
      "b.notes",
      "b.tags",
      "b.source",
      eb
        .selectFrom("allocations as a")
        .innerJoin("tables as t", "t.id", "a.table_id")
        .select((e) => e.fn.agg<string[]>("array_agg", ["t.label"]).as("labels"))
        .whereRef("a.booking_id", "=", "b.id")
        .where("a.kind", "=", "assignment")
        .as("labels"),
    ])
    .where("b.restaurant_id", "=", restaurantId);
  if (from)
    query = query.where("b.starts_at", ">=", zonedTimeToInstant({ date: from, time: "00:00", timeZone: timezone }));
  if (to) {
    const next = new Date(`${to}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const end = zonedTimeToInstant({ date: next.toISOString().slice(0, 10), time: "00:00", timeZone: timezone });
    query = query.where("b.starts_at", "<", end);
  }
  const rows = await query.orderBy("b.starts_at").orderBy("b.reference").execute();
  return rows.map((b) => {
    const start = toZonedParts(new Date(b.starts_at), timezone);
    const labels = (b.labels ?? []).slice().sort((x, y) => x.localeCompare(y, "en", { numeric: true }));
    return {
      reference: b.reference,
      guest_name: b.guest_name,
      guest_email: b.guest_email,
      guest_phone: b.guest_phone,
      party_size: b.party_size,
      date: start.date,
      time: start.time.slice(0, 5),
      duration_minutes: Math.round((new Date(b.ends_at).getTime() - new Date(b.starts_at).getTime()) / 60_000),
      end_time: null,
      status: EXPORTED_STATUS[b.status],
      tables: labels,
      notes: b.notes,
      tags: b.tags,
      source: b.source,
    };
  });
}
