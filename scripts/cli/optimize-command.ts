import { readFile } from "node:fs/promises";
import { optimizeDay, parseOptimizerInput, type TOptimizerResult } from "../../server/optimizer";
import { PlannerInputError } from "../../server/planner";

/**
 * `npm run maitre -- optimize --input FILE` (or JSON on stdin): re-plan a day's bookings on a venue given in the
 * input and print the plan as JSON. Exit 0 when optimized (even with bookings left unplaced), 2 for bad usage or
 * input (with a message naming the field), 1 for anything unexpected.
 */

export type TCommandIo = {
  readStdin: () => Promise<string>;
  stdinIsTTY: boolean;
  readFile: (path: string) => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

const USAGE = `Usage: npm run maitre -- optimize [--input FILE | < FILE] [--compact]

Reads {"venue": {...}, "bookings": [{"id", "partySize", "start", "end", "tableIds": [...] | null, "fixed"}],
"solver"?: "auto" | "exact" | "heuristic", "timeLimitMs"?: n, "objective"?: [...], "freeze"?: {"asOf", "minutes"}}
and prints {"assignments": [...], "unplaced": [...], "metrics": {...}, "solver", "optimal", "gap", "durationMs"}.
Times are ISO-8601 with an offset ("…Z").
  --input, -i FILE   read the input from FILE ("-" or no option: standard input)
  --compact          print JSON on one line
`;

const processIo: TCommandIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString("utf8");
  },
  stdinIsTTY: process.stdin.isTTY === true,
  readFile: (path) => readFile(path, "utf8"),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type TOptions = { input: string | null; compact: boolean; help: boolean };

export async function run(argv: string[], io: TCommandIo = processIo): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === "string") {
    io.stderr(`${options}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  const text = await readInput({ options, io });
  if (text.error !== undefined) {
    io.stderr(`${text.error}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    io.stderr(`Input is not valid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const parsed = parseOptimizerInput(json);
  if (!parsed.ok) {
    io.stderr(`Invalid optimize input:\n${parsed.errors.map((e) => `  - ${e}`).join("\n")}\n`);
    return 2;
  }
  let result: TOptimizerResult;
  try {
    result = await optimizeDay(parsed.value);
  } catch (error) {
    if (!(error instanceof PlannerInputError)) throw error;
    io.stderr(`Invalid optimize input:\n  - venue.${error.message}\n`);
    return 2;
  }
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  io.stdout(`${JSON.stringify(result, null, options.compact ? undefined : 2)}\n`);
  return 0;
}

function parseArgs(argv: readonly string[]): TOptions | string {
  const options: TOptions = { input: null, compact: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--compact") options.compact = true;
    else if (arg === "--input" || arg === "-i") {
      const value = argv[i + 1];
      if (value === undefined) return `${arg} needs a file name`;
      options.input = value;
      i += 1;
    } else if (arg.startsWith("--input=")) options.input = arg.slice("--input=".length);
    else return `Unknown option "${arg}"`;
  }
  return options;
}

async function readInput({ options, io }: { options: TOptions; io: TCommandIo }) {
  if (options.input !== null && options.input !== "-") {
    try {
      return { value: await io.readFile(options.input) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { error: `Cannot read --input ${options.input}: ${reason}` };
    }
  }
  if (io.stdinIsTTY) return { error: `No input: pass --input FILE or pipe JSON on stdin.\n\n${USAGE}` };
  return { value: await io.readStdin() };
}
