import {
  buildOccupancy,
  compileVenue,
  PlannerInputError,
  parsePlanInput,
  rankTablePlans,
  type TPlanResult,
} from "../../server/planner";
import { processIo, readJsonCommandInput, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- plan --input FILE` (or JSON on stdin): rank table plans for one request against a venue given in
 * the input — what-if planning for ops and a black-box harness for tests. Prints JSON; exit 0 when planned (even with
 * no plan), 2 for bad usage or input (with a message naming the field), 1 for anything unexpected.
 */

const USAGE = `Usage: npm run maitre -- plan [--input FILE | < FILE] [--compact]

Reads {"venue": {...}, "occupied": [...], "request": {...}, "upcoming"?: [...]} as JSON and prints
{"plans": [...], "diagnostics": {...}, "nextTimes": [...]}. Times are ISO-8601 with an offset ("…Z").
  --input, -i FILE   read the input from FILE ("-" or no option: standard input)
  --compact          print JSON on one line
`;

export type { TCommandIo };

export async function run(argv: string[], io: TCommandIo = processIo): Promise<number> {
  const read = await readJsonCommandInput({ argv, io, usage: USAGE });
  if (!read.ok) return read.exitCode;
  const json = read.json;
  const parsed = parsePlanInput(json);
  if (!parsed.ok) {
    io.stderr(`Invalid plan input:\n${parsed.errors.map((e) => `  - ${e}`).join("\n")}\n`);
    return 2;
  }
  const input = parsed.value;
  for (const warning of parsed.warnings) io.stderr(`warning: ${warning}\n`);
  try {
    const venue = compileVenue({ venue: input.venue, config: input.config });
    const occupancy = buildOccupancy({ venue, intervals: input.occupied });
    const result = rankTablePlans({
      venue,
      occupancy,
      request: input.request,
      upcoming: input.upcoming,
      ...(input.partyMix ? { partyMix: input.partyMix } : {}),
      ...(input.stats ? { stats: input.stats } : {}),
      ...(input.service ? { service: input.service } : {}),
    });
    const output = { ...toOutput(result), ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}) };
    io.stdout(`${JSON.stringify(output, null, read.compact ? undefined : 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PlannerInputError)) throw error;
    const field = error.field.startsWith("request.") ? error.field : `venue.${error.field}`;
    io.stderr(`Invalid plan input:\n  - ${field}: ${error.message.slice(error.field.length + 2)}\n`);
    return 2;
  }
}

/** The planner's result with instants as ISO strings (whole seconds print without ".000"). */
function toOutput(result: TPlanResult) {
  return { plans: result.plans, diagnostics: result.diagnostics, nextTimes: result.nextTimes.map(formatInstant) };
}

function formatInstant(instant: number): string {
  return new Date(instant).toISOString().replace(".000Z", "Z");
}
