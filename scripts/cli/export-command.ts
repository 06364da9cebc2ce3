import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isDomainError } from "../../server/errors/domain-error";
import type { Db } from "../../server/infra/db/open-db";
import { exportFile } from "../../server/setup/export/export-file";
import {
  IMPORT_FORMATS,
  IMPORT_KINDS,
  type TImportFormat,
  type TImportKind,
} from "../../server/setup/import/import-schema";
import { findRestaurant } from "./import-command";
import { processIo, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- export --restaurant SLUG --kind bookings [--from DATE --to DATE] [--format csv|json]
 * [--output FILE]`: a restaurant's zones, tables, links or bookings in the import's own shapes, from the
 * configured database, to standard output or a file. Exit 0 when written, 2 for bad usage, 1 otherwise.
 */

const USAGE = `Usage: npm run maitre -- export --restaurant SLUG --kind ${IMPORT_KINDS.join("|")}
                              [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|json] [--output FILE]

Writes the rows in the import's columns (docs/import/README.md), so the file imports again as it is. Bookings:
those starting on the restaurant's local dates --from..--to (all without them). Default: CSV on standard output.
`;

export type TExportSource = { db: Db; close: () => Promise<void> };

async function openConfiguredSource(): Promise<TExportSource> {
  const { closeDb, getDb } = await import("../../server/infra/db/get-db");
  return { db: await getDb(), close: closeDb };
}

export async function run(
  argv: string[],
  io: TCommandIo & { writeFile?: (path: string, text: string) => Promise<void> } = processIo,
  open: () => Promise<TExportSource> = openConfiguredSource,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        restaurant: { type: "string", short: "r" },
        kind: { type: "string", short: "k" },
        format: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        output: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const problem = usageProblem(values);
  if (problem) {
    io.stderr(`${problem}\n\n${USAGE}`);
    return 2;
  }
  const source = await open();
  try {
    const restaurant = await findRestaurant(source.db, String(values.restaurant));
    if (!restaurant) {
      io.stderr(`No restaurant with the slug "${String(values.restaurant)}".\n`);
      return 2;
    }
    const file = await exportFile({
      db: source.db,
      restaurantId: restaurant.id,
      kind: values.kind as TImportKind,
      format: ((values.format as string | undefined) ?? "csv") as TImportFormat,
      ...(typeof values.from === "string" ? { from: values.from } : {}),
      ...(typeof values.to === "string" ? { to: values.to } : {}),
    });
    if (typeof values.output === "string") {
      await (io.writeFile ?? ((path, text) => writeFile(path, text, "utf8")))(values.output, file.text);
      io.stderr(`${file.rows} ${values.kind} row(s) written to ${values.output}\n`);
    } else io.stdout(file.text);
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    io.stderr(`Refused (${error.code}): ${error.message}\n`);
    return 1;
  } finally {
    await source.close();
  }
}

function usageProblem(values: Record<string, string | boolean | undefined>): string | null {
  if (typeof values.restaurant !== "string" || !values.restaurant) return "--restaurant SLUG is required";
  if (!(IMPORT_KINDS as readonly unknown[]).includes(values.kind))
    return `--kind must be one of ${IMPORT_KINDS.join(", ")}`;
  if (values.format !== undefined && !(IMPORT_FORMATS as readonly unknown[]).includes(values.format)) {
    return "--format must be csv or json";
  }
  for (const key of ["from", "to"] as const) {
    const v = values[key];
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) return `--${key} must be YYYY-MM-DD`;
  }
  return null;
}
