import { optimizeDay, parseOptimizerInput, type TOptimizerResult } from "../../server/optimizer";
import { PlannerInputError } from "../../server/planner";
import { processIo, readJsonCommandInput, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- optimize --input FILE` (or JSON on stdin): re-plan a day's bookings on a venue given in the
 * input and print the plan as JSON. Exit 0 when optimized (even with bookings left unplaced), 2 for bad usage or
 * input (with a message naming the field), 1 for anything unexpected.
 */

const USAGE = `Usage: npm run maitre -- optimize [--input FILE | < FILE] [--compact]

Reads {"venue": {...}, "bookings": [{"id", "partySize", "start", "end", "tableIds": [...] | null, "fixed"}],
"solver"?: "auto" | "exact" | "heuristic", "timeLimitMs"?: n, "objective"?: [...], "freeze"?: {"asOf", "minutes"}}
and prints {"assignments": [...], "unplaced": [...], "metrics": {...}, "solver", "optimal", "gap", "durationMs"}.
Times are ISO-8601 with an offset ("…Z").
  --input, -i FILE   read the input from FILE ("-" or no option: standard input)
  --compact          print JSON on one line
`;

export type { TCommandIo };

export async function run(argv: string[], io: TCommandIo = processIo): Promise<number> {
  const input = await readJsonCommandInput({ argv, io, usage: USAGE });
  if (!input.ok) return input.exitCode;
  const json = input.json;
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
  io.stdout(`${JSON.stringify(result, null, input.compact ? undefined : 2)}\n`);
  return 0;
}
