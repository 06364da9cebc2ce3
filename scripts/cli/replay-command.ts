import { parseArgs } from "node:util";
import { isDomainError } from "../../server/errors/domain-error";
import type { Db } from "../../server/infra/db/open-db";
import { datesOf, replayDays } from "../../server/lab/replay-days";
import {
  LAB_LIMITS,
  type TLabConfig,
  type TLabMetrics,
  type TReplayResponse,
  type TReplayRun,
  ZLabConfigSchema,
} from "../../server/lab/replay-schema";
import { findRestaurant } from "./import-command";
import { processIo, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- replay --restaurant SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--config FILE] [--json]`: the
 * strategy lab from the command line. Replays the recorded days (arrival order) with the restaurant's current
 * planner configuration and, with --config, a candidate one, beside what happened and the exact optimum; writes
 * nothing to the database. Exit 0 when compared, 2 for bad usage or input, 1 for anything unexpected.
 */

const USAGE = `Usage: npm run maitre -- replay --restaurant SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--config FILE] [--json]

Replays each day's booking requests in the order they arrived through the planner (in memory: nothing is written)
and prints covers seated, manual reviews, seats wasted, merged tables and planner latency for what really happened,
the current planner configuration, the candidate (--config) and the exact optimum. At most ${LAB_LIMITS.maxDays} days.
  --restaurant, -r SLUG  the restaurant
  --from, --to DATE      the restaurant's local dates, inclusive
  --config, -c FILE      a candidate configuration: {"policy": {...}, "weights": {...}} (as /ops/setup/service)
  --json                 print the whole comparison as JSON
`;

export type { TCommandIo };

export type TReplayArgs = { restaurant: string; from: string; to: string; config: string | null; json: boolean };

/** The options, or what is wrong with them in words. */
export function parseReplayArgs(
  argv: string[],
): { ok: true; args: TReplayArgs } | { ok: false; help?: true; message: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        restaurant: { type: "string", short: "r" },
        from: { type: "string" },
        to: { type: "string" },
        config: { type: "string", short: "c" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: false, help: true, message: "" };
  if (typeof values.restaurant !== "string" || !values.restaurant) {
    return { ok: false, message: "--restaurant SLUG is required" };
  }
  for (const key of ["from", "to"] as const) {
    const v = values[key];
    if (typeof v !== "string") return { ok: false, message: `--${key} YYYY-MM-DD is required` };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      return { ok: false, message: `--${key} must be a date YYYY-MM-DD (got "${v}")` };
    }
  }
  try {
    datesOf(String(values.from), String(values.to));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return {
    ok: true,
    args: {
      restaurant: values.restaurant,
      from: String(values.from),
      to: String(values.to),
      config: typeof values.config === "string" ? values.config : null,
      json: values.json === true,
    },
  };
}

export type TReplaySource = { db: Db; close: () => Promise<void> };

async function openConfiguredSource(): Promise<TReplaySource> {
  const { closeDb, getDb } = await import("../../server/infra/db/get-db");
  return { db: await getDb(), close: closeDb };
}

export async function run(
  argv: string[],
  io: TCommandIo = processIo,
  open: () => Promise<TReplaySource> = openConfiguredSource,
): Promise<number> {
  const parsed = parseReplayArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(USAGE);
      return 0;
    }
    io.stderr(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  let config: TLabConfig | null = null;
  if (args.config) {
    let json: unknown;
    try {
      json = JSON.parse(await io.readFile(args.config));
    } catch (error) {
      io.stderr(`Cannot read ${args.config} as JSON: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const checked = ZLabConfigSchema.safeParse(json);
    if (!checked.success) {
      const lines = checked.error.issues.map((i) => `  - ${i.path.join(".") || "(file)"}: ${i.message}`);
      io.stderr(`Invalid planner configuration in ${args.config}:\n${lines.join("\n")}\n`);
      return 2;
    }
    config = checked.data;
  }
  const source = await open();
  try {
    const restaurant = await findRestaurant(source.db, args.restaurant);
    if (!restaurant) {
      io.stderr(`No restaurant with the slug "${args.restaurant}".\n`);
      return 2;
    }
    const result = await replayDays(source.db.kysely, {
      restaurantId: restaurant.id,
      from: args.from,
      to: args.to,
      config,
    });
    io.stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatReplayTable(result, args.restaurant));
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    io.stderr(`Refused (${error.code}): ${error.message}\n`);
    return error.code === "VALIDATION_FAILED" ? 2 : 1;
  } finally {
    await source.close();
  }
}

const ROWS: Array<[string, (m: TLabMetrics | TReplayRun) => string]> = [
  ["Bookings", (m) => String(m.bookings)],
  ["Covers seated", (m) => String(m.seatedCovers)],
  ["Manual reviews", (m) => String(m.manualReviews)],
  ["Seats wasted", (m) => String(m.wastedSeats)],
  ["Merged tables", (m) => String(m.mergedTables)],
  ["Planner p50 / p95", (m) => ("latency" in m ? `${m.latency.p50Ms} / ${m.latency.p95Ms} ms` : "–")],
];

/** The comparison as a plain-text table: the totals, then one line per day. */
export function formatReplayTable(result: TReplayResponse, slug: string): string {
  const { total } = result;
  const columns: Array<[string, TLabMetrics | TReplayRun]> = [
    ["What happened", total.actual],
    ["Current config", total.current],
    ...(total.candidate ? [["Candidate", total.candidate] as [string, TReplayRun]] : []),
    ["Exact optimum", total.optimum],
  ];
  const widths = [18, ...columns.map(([name]) => Math.max(name.length, 22))];
  const line = (cells: string[]) => `${cells.map((c, i) => c.padEnd(widths[i] ?? 16)).join("  ")}\n`;
  const pct = (covers: number) =>
    total.optimum.seatedCovers > 0 ? ` (${Math.round((covers / total.optimum.seatedCovers) * 100)} %)` : "";
  let out = `Strategy lab: ${slug}, ${result.from} to ${result.to} (${result.days.length} day(s)), nothing written\n\n`;
  out += line(["", ...columns.map(([name]) => name)]);
  for (const [label, value] of ROWS) {
    out += line([
      label,
      ...columns.map(([name, m]) =>
        label === "Covers seated" && name !== "Exact optimum" ? `${value(m)}${pct(m.seatedCovers)}` : value(m),
      ),
    ]);
  }
  out += `\nExact optimum: ${optimumWords(total.optimum, result.optimizerTimeLimitMs)}\n\n`;
  out += line(["Day (covers)", ...columns.map(([name]) => name)]);
  for (const day of result.days) {
    const cells: Array<TLabMetrics | TReplayRun> = [
      day.actual,
      day.current,
      ...(day.candidate ? [day.candidate] : []),
      day.optimum,
    ];
    out += line([day.date, ...cells.map((m) => `${m.seatedCovers} seated, ${m.manualReviews} review`)]);
  }
  return out;
}

/** Whether the optimum is proven, in words. */
export function optimumWords(o: { optimal: boolean; gap: number }, timeLimitMs: number): string {
  if (o.optimal) return "proven optimal";
  if (o.gap === 0) return `covers proven optimal; seats wasted and merges not proven within ${timeLimitMs} ms a day`;
  return `within ${(o.gap * 100).toFixed(1)} % of the best possible covers (time limit ${timeLimitMs} ms a day)`;
}
