/**
 * `npm run maitre -- <command> [options]`: the project's CLI. Each command lives in scripts/cli/<name>-command.ts
 * and exports `run(argv): Promise<number>` (the exit code). Exit codes: 0 ok, 1 failure, 2 bad input/usage.
 */
type Command = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  plan: { summary: "rank table plans for one request (what-if planning)", load: () => import("./cli/plan-command") },
  optimize: {
    summary: "re-plan a day's bookings (exact MILP or heuristic)",
    load: () => import("./cli/optimize-command"),
  },
  "assign-online": {
    summary: "decide bookings in arrival order as the coordinator does (--repair: with online repair)",
    load: () => import("./cli/assign-online-command"),
  },
  replay: {
    summary: "strategy lab: replay recorded days with the current and a candidate planner configuration",
    load: () => import("./cli/replay-command"),
  },
  import: {
    summary: "import zones, tables, adjacency or bookings from CSV/JSON (all or nothing)",
    load: () => import("./cli/import-command"),
  },
  export: {
    summary: "export zones, tables, adjacency or bookings as CSV/JSON",
    load: () => import("./cli/export-command"),
  },
  staff: {
    summary: "show, disable or enable a staff account everywhere (a compromised account)",
    load: () => import("./cli/staff-command"),
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
      .join("\n");
    process.stderr.write(`${name ? `Unknown command "${name}".\n` : ""}Usage: npm run maitre -- <command>\n${list}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
