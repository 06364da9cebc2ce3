import { readFile } from "node:fs/promises";

/**
 * The shared front half of the JSON CLI commands (`plan`, `optimize`): options `--input FILE` / `-i` / stdin,
 * `--compact`, `--help`, then the text parsed as JSON. Usage errors and unreadable or invalid input print a
 * message and end with exit code 2; `--help` ends with 0.
 */
export type TCommandIo = {
  readStdin: () => Promise<string>;
  stdinIsTTY: boolean;
  readFile: (path: string) => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

export const processIo: TCommandIo = {
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

export type TJsonCommandInput = { ok: true; json: unknown; compact: boolean } | { ok: false; exitCode: number };

export async function readJsonCommandInput({
  argv,
  io,
  usage,
}: {
  argv: readonly string[];
  io: TCommandIo;
  usage: string;
}): Promise<TJsonCommandInput> {
  const options = parseArgs(argv);
  if (typeof options === "string") {
    io.stderr(`${options}\n\n${usage}`);
    return { ok: false, exitCode: 2 };
  }
  if (options.help) {
    io.stdout(usage);
    return { ok: false, exitCode: 0 };
  }
  const text = await readInput({ options, io, usage });
  if (text.error !== undefined) {
    io.stderr(`${text.error}\n`);
    return { ok: false, exitCode: 2 };
  }
  try {
    return { ok: true, json: JSON.parse(text.value), compact: options.compact };
  } catch (error) {
    io.stderr(`Input is not valid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return { ok: false, exitCode: 2 };
  }
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

async function readInput({
  options,
  io,
  usage,
}: {
  options: TOptions;
  io: TCommandIo;
  usage: string;
}): Promise<{ value: string; error?: undefined } | { error: string }> {
  if (options.input !== null && options.input !== "-") {
    try {
      return { value: await io.readFile(options.input) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { error: `Cannot read --input ${options.input}: ${reason}` };
    }
  }
  if (io.stdinIsTTY) return { error: `No input: pass --input FILE or pipe JSON on stdin.\n\n${usage}` };
  return { value: await io.readStdin() };
}
