import type { TBookingActor } from "@/server/booking/machine";
import type { Db } from "@/server/infra/db/open-db";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { importBookings } from "./import-bookings";
import { importFloorRows } from "./import-floor-rows";
import { importInvalid } from "./import-invalid";
import type { TImportFormat, TImportKind, TImportSummary } from "./import-schema";
import { parseImportFile, type TLocated, type TRowOf } from "./parse-import-file";

/**
 * One file of one kind into one restaurant, all or nothing: parse and validate every row (IMPORT_INVALID with
 * every row error and its line), then write it in one transaction, or with `dryRun` only check it (the checks
 * against the restaurant's tables and bookings included). The CLI and the API both come through here.
 */
export async function importFile({
  db,
  restaurantId,
  kind,
  format,
  text,
  actor,
  dryRun = false,
  now,
  enqueue,
}: {
  db: Db;
  restaurantId: string;
  kind: TImportKind;
  format: TImportFormat;
  text: string;
  actor: TBookingActor;
  dryRun?: boolean;
  now?: Date;
  enqueue?: TEnqueue;
}): Promise<TImportSummary> {
  const started = performance.now();
  const parsed = parseImportFile({ kind, format, text });
  // A file that cannot be read at all stops here; otherwise the valid rows are checked against the restaurant
  // too, so one answer lists every error of the file.
  if (parsed.rows.length === 0) throw importInvalid(kind, parsed.errors);
  const base = { kind, format, dryRun, rows: parsed.rows.length };
  const durationMs = () => Math.round(performance.now() - started);
  if (kind === "bookings") {
    const result = await importBookings({
      db,
      restaurantId,
      rows: parsed.rows as TLocated<TRowOf["bookings"]>[],
      errors: parsed.errors,
      actor,
      dryRun,
      ...(now ? { now } : {}),
      ...(enqueue ? { enqueue } : {}),
    });
    return { ...base, ...result, updated: 0, unchanged: 0, durationMs: durationMs() };
  }
  const result = await importFloorRows({
    db,
    restaurantId,
    input: { kind, rows: parsed.rows } as Parameters<typeof importFloorRows>[0]["input"],
    errors: parsed.errors,
    actor: actor.id ? `${actor.type}:${actor.id}` : actor.type,
    dryRun,
    ...(now ? { now } : {}),
  });
  return { ...base, ...result, durationMs: durationMs() };
}
