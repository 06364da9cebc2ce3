/**
 * `npm run check:invariants -- [--database-url postgres://…] [--restaurant ID|SLUG] [--date YYYY-MM-DD]
 * [--accepted report.json] [--hold-sweep-seconds N] [--settle-grace-seconds N] [--json]`
 *
 * Checks the booking invariants (./invariant-queries.ts) on one read-only snapshot of a PostgreSQL database
 * (--database-url, else DATABASE_URL). Exit 0: every invariant holds; 1: at least one violation (each printed with
 * the booking reference, tables and times); 2: it could not run (usage, connection, unknown restaurant, bad file).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDb } from "@/server/infra/db/open-db";
import { formatInvariantReport } from "./format-invariant-report";
import { checkInvariants, inReadOnlySnapshot } from "./invariant-queries";
import { holdSweepGraceSeconds, settleGraceSeconds } from "./invariant-scope";
import type { TInvariantFilter } from "./invariant-types";

const USAGE = `Usage: npm run check:invariants -- [--database-url postgres://…] [--restaurant ID|SLUG] [--date YYYY-MM-DD]
         [--accepted load-report.json] [--hold-sweep-seconds N] [--settle-grace-seconds N] [--json]

Defaults: DATABASE_URL; every restaurant and date; hold sweep grace ${holdSweepGraceSeconds()} s and settle grace
${settleGraceSeconds()} s (from the holds.sweep and booking.assign queue settings). Exit 0 ok, 1 violations, 2 error.
`;

/** The part of the load generator's report (TLoadReport) the checker reads. */
const ZAcceptedReportSchema = z.object({
  accepted: z.array(z.object({ reference: z.string() }).loose()),
  cancelled: z.array(z.string()).default([]),
});

class UsageError extends Error {}

async function run(argv: string[]): Promise<number> {
  let options: Awaited<ReturnType<typeof parseOptions>>;
  try {
    options = await parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const { url, restaurant, json, filter } = options;
  const db = await openDb({ kind: "postgres", url, poolMax: 1, applicationName: "maitre-invariants" });
  try {
    const restaurantId = restaurant ? await resolveRestaurant(db, restaurant) : null;
    if (restaurant && !restaurantId) {
      process.stderr.write(`No restaurant with the id or slug "${restaurant}".\n`);
      return 2;
    }
    const report = await checkInvariants(db, { ...filter, restaurantId });
    process.stdout.write(
      json ? `${JSON.stringify(report, null, 2)}\n` : formatInvariantReport(report, { target: safeTarget(url) }),
    );
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`check:invariants could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await db.close().catch(() => undefined);
  }
}

async function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "database-url": { type: "string" },
      restaurant: { type: "string", short: "r" },
      date: { type: "string" },
      accepted: { type: "string" },
      "hold-sweep-seconds": { type: "string" },
      "settle-grace-seconds": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help" as const;
  const url = values["database-url"] ?? process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError("A PostgreSQL URL is needed: --database-url postgres://… or DATABASE_URL.");
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new UsageError(`--date must be YYYY-MM-DD, got "${values.date}".`);
  }
  const filter: TInvariantFilter = {
    date: values.date ?? null,
    holdSweepSeconds: seconds(values["hold-sweep-seconds"], "--hold-sweep-seconds") ?? holdSweepGraceSeconds(),
    settleGraceSeconds: seconds(values["settle-grace-seconds"], "--settle-grace-seconds") ?? settleGraceSeconds(),
    accepted: values.accepted ? await readAcceptedReport(values.accepted) : null,
  };
  return { url, restaurant: values.restaurant ?? null, json: values.json ?? false, filter };
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number of seconds ≥ 0, got "${value}".`);
  return n;
}

async function readAcceptedReport(file: string): Promise<TInvariantFilter["accepted"]> {
  const parsed = ZAcceptedReportSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new UsageError(`${file} is not a load report: ${parsed.error.message}`);
  return parsed.data;
}

async function resolveRestaurant(db: Awaited<ReturnType<typeof openDb>>, idOrSlug: string): Promise<string | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const row = await inReadOnlySnapshot(db, (tx) =>
    tx
      .selectFrom("restaurants")
      .select("id")
      .where(isUuid ? "id" : "slug", "=", idOrSlug)
      .executeTakeFirst(),
  );
  return row?.id ?? null;
}

/** The URL without its password, for the report's first line. */
function safeTarget(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return `${parsed.host}${parsed.pathname}`;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
