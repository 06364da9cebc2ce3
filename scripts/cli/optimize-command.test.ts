import { describe, expect, it } from "vitest";
import { run, type TCommandIo } from "./optimize-command";

const input = {
  venue: {
    tables: [
      { id: "A1", zone: "main", capacity: 4 },
      { id: "A2", zone: "main", capacity: 4 },
      { id: "B1", zone: "main", capacity: 2 },
    ],
    adjacency: [["A1", "A2"]],
    policy: { maxTablesPerPlan: 3, maxOverage: 4 },
  },
  bookings: [
    {
      id: "b1",
      partySize: 2,
      start: "2026-03-06T19:00:00Z",
      end: "2026-03-06T20:30:00Z",
      tableIds: ["A1"],
      fixed: false,
    },
    {
      id: "b2",
      partySize: 7,
      start: "2026-03-06T19:30:00Z",
      end: "2026-03-06T21:30:00Z",
      tableIds: null,
      fixed: false,
    },
    {
      id: "b3",
      partySize: 4,
      start: "2026-03-06T19:00:00Z",
      end: "2026-03-06T21:00:00Z",
      tableIds: null,
      fixed: false,
    },
  ],
  solver: "exact",
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

describe("maitre optimize", () => {
  it("re-plans the day from a file and prints the plan as JSON", async () => {
    const { code, stdout, stderr } = await invoke(["--input", "day.json"], {
      files: { "day.json": JSON.stringify(input) },
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    // b2 (7) takes A1+A2; b1 moves to B1; b3 (4) cannot fit anywhere at 19:00.
    expect(output.assignments).toEqual([
      { bookingId: "b1", tableIds: ["B1"], change: "moved" },
      { bookingId: "b2", tableIds: ["A1", "A2"], change: "placed" },
    ]);
    expect(output.unplaced).toEqual(["b3"]);
    expect(output.metrics).toMatchObject({
      seatedBookings: 2,
      seatedCovers: 9,
      wastedSeats: 1,
      mergedTables: 2,
      moves: 1,
    });
    expect(output).toMatchObject({ solver: "exact", optimal: true, gap: 0 });
    expect(typeof output.durationMs).toBe("number");
  });

  it("reads standard input and prints compact JSON", async () => {
    const { code, stdout } = await invoke(["--compact"], { stdin: JSON.stringify({ ...input, solver: "heuristic" }) });
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout).solver).toBe("heuristic");
  });

  it.each([
    ["a party of zero", { bookings: [{ ...input.bookings[0], partySize: 0 }] }, "bookings[0].partySize"],
    [
      "an end before the start",
      { bookings: [{ ...input.bookings[0], end: "2026-03-06T18:00:00Z" }] },
      "bookings[0].end",
    ],
    [
      "an unknown table",
      { bookings: [{ ...input.bookings[0], tableIds: ["Z9"] }] },
      'bookings[0].tableIds[0]: unknown table id "Z9"',
    ],
    ["a duplicate booking id", { bookings: [input.bookings[0], input.bookings[0]] }, "bookings[1].id"],
    [
      "a time without offset",
      { bookings: [{ ...input.bookings[0], start: "2026-03-06T19:00:00" }] },
      "bookings[0].start",
    ],
    ["an unknown solver", { solver: "magic" }, "solver"],
    [
      "a duplicate table",
      { venue: { ...input.venue, tables: [...input.venue.tables, input.venue.tables[0]] } },
      "venue.tables[3].id",
    ],
  ])("exits 2 naming the field for %s", async (_name, patch, field) => {
    const { code, stderr, stdout } = await invoke([], { stdin: JSON.stringify({ ...input, ...patch }) });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(field);
  });

  it("exits 2 for unusable input and usage errors, 0 for --help", async () => {
    expect((await invoke([], { stdin: "{nope" })).code).toBe(2);
    expect((await invoke([])).stderr).toContain("No input");
    expect((await invoke(["--input", "missing.json"])).stderr).toContain("Cannot read --input missing.json");
    expect((await invoke(["--frobnicate"])).code).toBe(2);
    const help = await invoke(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("optimize");
  });
});
