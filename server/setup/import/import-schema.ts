import { z } from "zod";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * The import/export contract shared by the CLI, the API and the setup page (universal: the browser parses the
 * answers with it). One file holds one kind of row; CSV and JSON carry the same columns (docs/import/README.md).
 */
export const IMPORT_KINDS = ["zones", "tables", "adjacency", "bookings"] as const;
export type TImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ["csv", "json"] as const;
export type TImportFormat = (typeof IMPORT_FORMATS)[number];

/** The statuses a booking row may carry (how each is reached: docs/import/README.md). */
export const IMPORT_BOOKING_STATUSES = ["confirmed", "checked_in", "completed", "cancelled", "no_show"] as const;
export type TImportBookingStatus = (typeof IMPORT_BOOKING_STATUSES)[number];

/** Largest file the API reads (the CLI reads any size). 2 MB is ~15,000 booking rows. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Row errors reported at most; `totalErrors` says how many there were. */
export const MAX_REPORTED_ERRORS = 200;

/** The columns of each kind, in the order the export writes them (and the samples use). */
export const IMPORT_COLUMNS = {
  zones: ["name", "color", "sort_order"],
  tables: [
    "label",
    "zone",
    "capacity",
    "min_party",
    "mergeable",
    "online_bookable",
    "active",
    "priority",
    "x",
    "y",
    "width",
    "height",
    "rotation",
    "shape",
  ],
  adjacency: ["table_a", "table_b"],
  bookings: [
    "reference",
    "guest_name",
    "guest_email",
    "guest_phone",
    "party_size",
    "date",
    "time",
    "duration_minutes",
    "end_time",
    "status",
    "tables",
    "notes",
    "tags",
    "source",
  ],
} as const satisfies Record<TImportKind, readonly string[]>;

/**
 * One problem with one row: `line` is the CSV line as an editor shows it (the header is line 1; a quoted value
 * spanning lines counts them), or for JSON the item's position in the array (first item = 1). `field`: the column,
 * or null when the row as a whole is wrong.
 */
export const ZImportRowErrorSchema = z.object({
  line: z.number().int().min(0),
  field: z.string().nullable(),
  message: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowErrorSchema>;

export const ZImportQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS).default("csv"),
  dryRun: z.enum(["true", "false", "1", "0"]).optional(),
});

export const ZExportQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS).default("csv"),
  /** Bookings only: local dates in the restaurant's zone, inclusive. Real calendar dates: a 2026-02-30 or a 13th
   * month reached the SQL date cast (500) or rolled over silently. */
  from: zServiceDate.optional(),
  to: zServiceDate.optional(),
});

export const ZImportSummarySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  /** Only checked: nothing was written. */
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Bookings: how many reached each status. */
  byStatus: z.record(z.string(), z.number().int()).optional(),
  /** Bookings imported without tables that start later: queued for the automatic assignment. */
  waitingForTables: z.number().int().optional(),
  /** Bookings imported without tables that already started: in manual review. */
  sentToReview: z.number().int().optional(),
  /** References another restaurant already uses: the booking got a new one. */
  renamedReferences: z.array(z.object({ line: z.number().int(), from: z.string(), to: z.string() })).optional(),
  /** Tables files: zones a row named that did not exist yet, created with the tables. */
  zonesCreated: z.array(z.string()).optional(),
  /** The floor's version after the import (floor kinds). */
  venueVersion: z.number().int().optional(),
  durationMs: z.number(),
});
export type TImportSummary = z.infer<typeof ZImportSummarySchema>;
