import Papa from "papaparse";
import {
  IMPORT_ROW_SCHEMAS,
  type TAdjacencyRow,
  type TBookingRow,
  type TTableRow,
  type TZoneRow,
} from "./import-row-schema";
import { IMPORT_COLUMNS, type TImportFormat, type TImportKind, type TImportRowError } from "./import-schema";

export type TRowOf = { zones: TZoneRow; tables: TTableRow; adjacency: TAdjacencyRow; bookings: TBookingRow };

/** A valid row and where it came from (CSV line, or JSON item number). */
export type TLocated<T> = { line: number; row: T };

export type TParsedImport<K extends TImportKind> = { rows: TLocated<TRowOf[K]>[]; errors: TImportRowError[] };

/**
 * Reads a file of one kind and validates every row (zod), collecting ALL the errors with their line: the header
 * is line 1 and a quoted value that spans lines counts them, as an editor shows it; JSON items are numbered from
 * 1. Unknown columns are refused (a typo would otherwise be silently ignored); missing required ones are
 * reported once, on the header. Nothing here touches the database.
 */
export function parseImportFile<K extends TImportKind>({
  kind,
  format,
  text,
}: {
  kind: K;
  format: TImportFormat;
  text: string;
}): TParsedImport<K> {
  const records = format === "csv" ? readCsv(text, kind) : readJson(text);
  if ("error" in records) return { rows: [], errors: [records.error] };
  const errors: TImportRowError[] = [...records.errors];
  const known = new Set<string>(IMPORT_COLUMNS[kind]);
  const schema = IMPORT_ROW_SCHEMAS[kind];
  const rows: TLocated<TRowOf[K]>[] = [];
  for (const record of records.items) {
    const unknown = Object.keys(record.values).filter((key) => !known.has(key));
    for (const key of unknown) {
      errors.push({ line: record.line, field: key, message: `unknown column (expected: ${[...known].join(", ")})` });
    }
    const parsed = schema.safeParse(record.values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ line: record.line, field: issue.path.map(String).join(".") || null, message: issue.message });
      }
      continue;
    }
    if (unknown.length === 0) rows.push({ line: record.line, row: parsed.data as TRowOf[K] });
  }
  if (records.items.length === 0 && errors.length === 0) {
    errors.push({ line: format === "csv" ? 2 : 1, field: null, message: "the file has no rows" });
  }
  return { rows, errors };
}

type TRecords = { items: Array<{ line: number; values: Record<string, unknown> }>; errors: TImportRowError[] };

/** Columns every CSV file of the kind must have (the others may be left out and take their defaults). */
const REQUIRED_COLUMNS: Record<TImportKind, readonly string[]> = {
  zones: ["name"],
  tables: ["label"],
  adjacency: ["table_a", "table_b"],
  bookings: ["guest_name", "party_size", "date", "time"],
};

function readCsv(input: string, kind: TImportKind): TRecords | { error: TImportRowError } {
  const text = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  // Spreadsheets in comma-decimal locales save with ";"; a tab-separated export is accepted too.
  const delimiter = firstLine.includes(",")
    ? ","
    : firstLine.includes(";")
      ? ";"
      : firstLine.includes("\t")
        ? "\t"
        : ",";
  const raw: Array<{ data: string[]; start: number; errors: Papa.ParseError[] }> = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      raw.push({ data: result.data, start, errors: result.errors });
      start = result.meta.cursor;
    },
  });
  // Line of each row's first character: count the newlines before it, once, as the rows advance.
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const header = raw[0];
  if (!header || header.data.every((cell) => cell.trim() === "")) {
    return { error: { line: 1, field: null, message: "the file is empty: the first line names the columns" } };
  }
  const columns = header.data.map((cell) => cell.trim().toLowerCase());
  const errors: TImportRowError[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === "") errors.push({ line: 1, field: null, message: "a column has no name" });
    else if (seen.has(column)) errors.push({ line: 1, field: column, message: "the column appears twice" });
    seen.add(column);
  }
  const missing = REQUIRED_COLUMNS[kind].filter((column) => !seen.has(column));
  for (const column of missing) errors.push({ line: 1, field: column, message: "this column is required" });
  if (errors.length) return { items: [], errors };
  const items: TRecords["items"] = [];
  for (const row of raw.slice(1)) {
    const at = lineAt(row.start);
    if (row.data.every((cell) => cell.trim() === "")) continue;
    for (const error of row.errors) {
      errors.push({ line: at, field: null, message: `unreadable CSV: ${error.message}` });
    }
    if (row.data.length > columns.length) {
      errors.push({
        line: at,
        field: null,
        message: `${row.data.length} values for ${columns.length} columns (quote values that contain "${delimiter}")`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      values[column] = row.data[i] ?? "";
    });
    items.push({ line: at, values });
  }
  return { items, errors };
}

function readJson(text: string): TRecords | { error: TImportRowError } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return {
      error: {
        line: 0,
        field: null,
        message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === "object" && Array.isArray((json as { rows?: unknown }).rows)
      ? (json as { rows: unknown[] }).rows
      : null;
  if (!list) {
    return { error: { line: 0, field: null, message: 'a JSON file is an array of rows (or {"rows": [...]})' } };
  }
  const items: TRecords["items"] = [];
  const errors: TImportRowError[] = [];
  list.forEach((item, index) => {
    if (item && typeof item === "object" && !Array.isArray(item)) {
      items.push({ line: index + 1, values: item as Record<string, unknown> });
    } else {
      errors.push({ line: index + 1, field: null, message: "each row is an object of column: value" });
    }
  });
  return { items, errors };
}
