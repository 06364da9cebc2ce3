import { parseOptimizerInput } from "../../server/optimizer";
import { PlannerInputError } from "../../server/planner";
import { replayOnlineDay } from "../../server/repair/replay-online-day";
import { processIo, readJsonCommandInput, type TCommandIo } from "./read-json-command-input";

/**
 * `npm run maitre -- assign-online --input FILE [--repair]`: the `optimize` command's input (venue and bookings),
 * decided booking by booking in the input's order — the arrival order — as the coordinator decides them: the same
 * planner, strategies and (with --repair) online repair, each booking with no knowledge of the later ones.
 * `tableIds` and `fixed` in the input are ignored (nothing is placed before the first arrival). Prints the optimize
 * command's output shape: assignments, unplaced, metrics (plus what the repairs did). Exit 0 when decided (even
 * with bookings unplaced), 2 for bad usage or input, 1 for anything unexpected.
 */

const USAGE = `Usage: npm run maitre -- assign-online [--input FILE | < FILE] [--repair] [--compact]

Reads the optimize command's input {"venue": {...}, "bookings": [{"id", "partySize", "start", "end", ...}]}: the
bookings' order is their arrival order; their tableIds are ignored. Prints {"assignments": [...], "unplaced": [...],
"metrics": {...}, "repairs": {...}}.
  --input, -i FILE   read the input from FILE ("-" or no option: standard input)
  --repair           when a booking finds no plan, try the bounded online repair (moves placed bookings)
  --compact          print JSON on one line
`;

export type { TCommandIo };

export async function run(argv: string[], io: TCommandIo = processIo): Promise<number> {
  const repair = argv.includes("--repair");
  const input = await readJsonCommandInput({ argv: argv.filter((a) => a !== "--repair"), io, usage: USAGE });
  if (!input.ok) return input.exitCode;
  const parsed = parseOptimizerInput(input.json);
  if (!parsed.ok) {
    io.stderr(`Invalid assign-online input:\n${parsed.errors.map((e) => `  - ${e}`).join("\n")}\n`);
    return 2;
  }
  const { venue, config, bookings } = parsed.value;
  try {
    const started = performance.now();
    const result = replayOnlineDay({
      venue,
      ...(config ? { config } : {}),
      bookings: bookings.map((b) => ({
        id: b.id,
        partySize: b.partySize,
        start: b.start,
        end: b.end,
        preferredZone: b.preferredZone ?? null,
      })),
      repair,
    });
    const { assignments, unplaced, metrics, repairs } = result;
    const output = {
      assignments,
      unplaced,
      metrics,
      repairs: { enabled: repair, tried: repairs.tried, succeeded: repairs.succeeded, log: repairs.log },
      durationMs: Math.round(performance.now() - started),
    };
    io.stdout(`${JSON.stringify(output, null, input.compact ? undefined : 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PlannerInputError)) throw error;
    io.stderr(`Invalid assign-online input:\n  - venue.${error.message}\n`);
    return 2;
  }
}
