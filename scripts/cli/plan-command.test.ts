import { describe, expect, it } from "vitest";
import { run, type TCommandIo } from "./plan-command";

const issueExample = {
  venue: {
    timezone: "Europe/London",
    tables: [
      { id: "A1", zone: "main", capacity: 4, minParty: 1, mergeable: true, active: true },
      { id: "A2", zone: "main", capacity: 4, minParty: 1, mergeable: true, active: true },
    ],
    adjacency: [["A1", "A2"]],
    policy: { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true },
  },
  occupied: [{ tableId: "A1", start: "2026-03-06T18:00:00Z", end: "2026-03-06T19:00:00Z" }],
  request: {
    partySize: 7,
    start: "2026-03-06T19:00:00Z",
    end: "2026-03-06T20:30:00Z",
    zone: null,
    avoidTables: [],
    limit: 5,
  },
};

async function invoke(argv: string[], { stdin, files = {} }: { stdin?: string; files?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: TCommandIo = {
    readStdin: async () => stdin ?? "",
    stdinIsTTY: stdin === undefined,
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: no such file '${path}'`);
      return content;
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  };
  const code = await run(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("maitre plan", () => {
  it("plans the issue's example from a file: A1+A2 for 7, back-to-back at 19:00", async () => {
    const { code, stdout, stderr } = await invoke(["--input", "in.json"], {
      files: { "in.json": JSON.stringify(issueExample) },
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.plans).toHaveLength(1);
    expect(output.plans[0]).toMatchObject({ tableIds: ["A1", "A2"], capacity: 8, overage: 1 });
    expect(typeof output.plans[0].score).toBe("number");
    expect(Object.keys(output.plans[0].breakdown)).toContain("optimalFit");
    expect(output.diagnostics).toMatchObject({ combinationsEvaluated: 1 });
    expect(output.diagnostics.rejected).toMatchObject({ capacity: 2, busy: 0 });
    expect(typeof output.diagnostics.durationMs).toBe("number");
    expect(output.nextTimes).toEqual([]);
  });

  it("reads stdin and reports next times as ISO instants when nothing fits", async () => {
    const busy = {
      ...issueExample,
      occupied: [{ tableId: "A1", start: "2026-03-06T18:00:00Z", end: "2026-03-06T19:30:00Z" }],
      venue: {
        ...issueExample.venue,
        service: { start: "2026-03-06T17:00:00Z", lastSeating: "2026-03-06T21:00:00Z", slotMinutes: 15 },
      },
    };
    const { code, stdout } = await invoke(["--compact"], { stdin: JSON.stringify(busy) });
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const output = JSON.parse(stdout);
    expect(output.plans).toEqual([]);
    expect(output.nextTimes).toEqual([
      "2026-03-06T19:30:00Z",
      "2026-03-06T19:45:00Z",
      "2026-03-06T20:00:00Z",
      "2026-03-06T20:15:00Z",
    ]);
  });

  it.each([
    [{ ...issueExample, request: { ...issueExample.request, partySize: "7" } }, "request.partySize"],
    [{ ...issueExample, request: { ...issueExample.request, start: "19:00" } }, "request.start"],
    [{ ...issueExample, request: { ...issueExample.request, end: "2026-03-06T18:00:00Z" } }, "request.end"],
    [{ ...issueExample, venue: { ...issueExample.venue, timezone: "Mars/Olympus" } }, "venue.timezone"],
    [
      { ...issueExample, venue: { ...issueExample.venue, policy: { maxTablesPerPlan: 0 } } },
      "venue.policy.maxTablesPerPlan",
    ],
    [{ ...issueExample, occupied: [{ tableId: "A1", start: "x", end: "y" }] }, "occupied[0].start"],
    [{ venue: issueExample.venue, request: issueExample.request, occupied: "none" }, "occupied"],
    [
      { ...issueExample, venue: { ...issueExample.venue, tables: [{ id: "A1", zone: "main" }] } },
      "venue.tables[0].capacity",
    ],
  ])("exits 2 naming the field for bad input (%#: %s)", async (input, field) => {
    const { code, stderr, stdout } = await invoke([], { stdin: JSON.stringify(input) });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`${field}:`);
  });

  it("runs the issue's abbreviated example verbatim, warning about the edge to an undefined table", async () => {
    const literal = {
      ...issueExample,
      venue: { ...issueExample.venue, tables: issueExample.venue.tables.slice(0, 1) },
      occupied: [{ tableId: "A1", start: "2026-03-06T18:00:00Z", end: "2026-03-06T19:30:00Z" }],
    };
    const { code, stdout, stderr } = await invoke([], { stdin: JSON.stringify(literal) });
    expect(code).toBe(0);
    expect(stderr).toContain('venue.adjacency[0][1]: unknown table id "A2" (edge ignored)');
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({ plans: [], nextTimes: [] });
    expect(output.warnings).toHaveLength(1);
    expect(output.diagnostics.rejected.capacity).toBe(1);
  });

  it("exits 2 for unreadable files, invalid JSON, unknown options and no input", async () => {
    expect((await invoke(["--input", "missing.json"])).stderr).toContain("Cannot read --input missing.json");
    expect((await invoke([], { stdin: "{not json" })).code).toBe(2);
    expect((await invoke(["--bogus"], { stdin: "{}" })).code).toBe(2);
    const none = await invoke([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("No input");
  });

  it("prints usage for --help", async () => {
    const { code, stdout } = await invoke(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--input");
  });
});
