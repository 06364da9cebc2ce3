import { parseArgs } from "node:util";
import { isDomainError } from "../../server/errors/domain-error";
import type { Db } from "../../server/infra/db/open-db";
import type { TEnqueue } from "../../server/infra/queue/job-definition";
import { importFile } from "../../server/setup/import/import-file";
import { describeRowError } from "../../server/setup/import/import-invalid";
import {
  IMPORT_FORMATS,
  IMPORT_KINDS,
  type TImportFormat,
  type TImportKind,
  type TImportRowError,
} from "../../server/setup/import/import-schema";
import { processIo, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- import --restaurant SLUG --kind tables --file tables.csv [--format csv|json] [--dry-run]`:
 * imports one file into the configured database (DATABASE_URL, else the embedded one in DATA_DIR), all or nothing.
 * Exit 0 when imported (or checked), 2 for bad usage or a file with errors (every row error printed with its
 * line), 1 when the restaurant refuses the change (a stale floor plan, stranded bookings) or anything unexpected.
 */

const USAGE = `Usage: npm run maitre -- import --restaurant SLUG --kind ${IMPORT_KINDS.join("|")} --file FILE
                              [--format csv|json] [--dry-run] [--compact]

Imports zones, tables, adjacency links or bookings from CSV or JSON (columns: docs/import/README.md), all or
nothing. --format defaults to the file's extension; --file - reads standard input. --dry-run only checks.
Prints the summary as JSON; row errors go to standard error with their line numbers.
`;

export type TImportTarget = { db: Db; enqueue?: TEnqueue; close: () => Promise<void> };

/** The configured database and job queue, as the app uses them (jobs the import queues reach the workers). */
export async function openConfiguredTarget(): Promise<TImportTarget> {
  const { getRuntime, stopRuntime } = await import("../../server/runtime/get-runtime");
  const { closeDb } = await import("../../server/infra/db/get-db");
  const runtime = await getRuntime();
  return {
    db: runtime.db,
    enqueue: runtime.queue.enqueue,
    close: async () => {
      await stopRuntime();
      await closeDb();
    },
  };
}

export async function run(
  argv: string[],
  io: TCommandIo = processIo,
  open: () => Promise<TImportTarget> = openConfiguredTarget,
): Promise<number> {
  const options = readOptions(argv);
  if (typeof options === "string") {
    io.stderr(`${options}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  let text: string;
  try {
    text = options.file === "-" ? await io.readStdin() : await io.readFile(options.file);
  } catch (error) {
    io.stderr(`Cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const target = await open();
  try {
    const restaurant = await findRestaurant(target.db, options.restaurant);
    if (!restaurant) {
      io.stderr(`No restaurant with the slug "${options.restaurant}".\n`);
      return 2;
    }
    const summary = await importFile({
      db: target.db,
      restaurantId: restaurant.id,
      kind: options.kind,
      format: options.format,
      text,
      dryRun: options.dryRun,
      actor: { type: "system", id: "cli-import" },
      ...(target.enqueue ? { enqueue: target.enqueue } : {}),
    });
    io.stdout(`${JSON.stringify(summary, null, options.compact ? undefined : 2)}\n`);
    return 0;
  } catch (error) {
    if (isDomainError(error, "IMPORT_INVALID")) {
      const errors = (error.meta.rowErrors ?? []) as TImportRowError[];
      const unit = options.format === "json" ? "item" : "line";
      io.stderr(`${error.message}:\n${errors.map((e) => `  - ${describeRowError(e, unit)}`).join("\n")}\n`);
      const total = Number(error.meta.totalErrors ?? errors.length);
      if (total > errors.length) io.stderr(`  … and ${total - errors.length} more\n`);
      return 2;
    }
    if (isDomainError(error)) {
      io.stderr(`Refused (${error.code}): ${error.message}\n${error.hint}\n`);
      return 1;
    }
    throw error;
  } finally {
    await target.close();
  }
}

export async function findRestaurant(db: Db, slug: string) {
  return db.kysely.selectFrom("restaurants").select(["id", "slug"]).where("slug", "=", slug).executeTakeFirst();
}

type TOptions = {
  restaurant: string;
  kind: TImportKind;
  file: string;
  format: TImportFormat;
  dryRun: boolean;
  compact: boolean;
  help: boolean;
};

function readOptions(argv: string[]): TOptions | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        restaurant: { type: "string", short: "r" },
        kind: { type: "string", short: "k" },
        file: { type: "string", short: "f" },
        format: { type: "string" },
        "dry-run": { type: "boolean" },
        compact: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (values.help) return { help: true } as TOptions;
  const kind = values.kind as string | undefined;
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    return `--kind must be one of ${IMPORT_KINDS.join(", ")}`;
  }
  if (typeof values.restaurant !== "string" || !values.restaurant) return "--restaurant SLUG is required";
  if (typeof values.file !== "string" || !values.file) return "--file FILE is required (- for standard input)";
  const format =
    (values.format as string | undefined) ?? (values.file.toLowerCase().endsWith(".json") ? "json" : "csv");
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) return `--format must be csv or json`;
  return {
    restaurant: values.restaurant,
    kind: kind as TImportKind,
    file: values.file,
    format: format as TImportFormat,
    dryRun: values["dry-run"] === true,
    compact: values.compact === true,
    help: false,
  };
}
