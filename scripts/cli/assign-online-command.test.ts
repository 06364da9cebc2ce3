import { describe, expect, it } from "vitest";
import { generateDay } from "../../server/optimizer/testing/generate-day";
import { run, type TCommandIo } from "./assign-online-command";

const at = (time: string) => `2026-03-06T${time}:00Z`;
const booking = (id: string, partySize: number, from: string, to: string) => ({
  id,
  partySize,
  start: at(from),
  end: at(to),
  tableIds: null,
  fixed: false,
});

/**
 * B1 (2 seats) has guests until 18:30 and from 20:45, so a party of two at 19:00–20:30 would leave two gaps too
 * short for anyone: the planner seats it on A1 instead. The party of seven arriving next needs A1+A2.
 */
const evening = {
  venue: {
    tables: [
      { id: "B1", zone: "main", capacity: 2 },
      { id: "A1", zone: "main", capacity: 4 },
      { id: "A2", zone: "main", capacity: 4 },
    ],
    adjacency: [["A1", "A2"]],
    policy: { maxTablesPerPlan: 3, maxOverage: 4 },
  },
  bookings: [
    booking("e1", 2, "17:00", "18:30"),
    booking("e2", 2, "20:45", "22:15"),
    // tableIds are ignored: nothing is placed before its arrival.
    { ...booking("b1", 2, "19:00", "20:30"), tableIds: ["B1"] },
    booking("b2", 7, "19:30", "21:30"),
  ],
};

async function invoke(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: TCommandIo = {
    readStdin: async () => "",
    stdinIsTTY: true,
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

describe("maitre assign-online", () => {
  it("decides each booking in arrival order and prints the optimize command's output shape", async () => {
    const { code, stdout, stderr } = await invoke(["--input", "day.json"], { "day.json": JSON.stringify(evening) });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.assignments).toEqual([
      { bookingId: "e1", tableIds: ["B1"], change: "placed" },
      { bookingId: "e2", tableIds: ["B1"], change: "placed" },
      { bookingId: "b1", tableIds: ["A1"], change: "placed" },
    ]);
    expect(output.unplaced).toEqual(["b2"]);
    expect(output.metrics).toEqual({
      seatedBookings: 3,
      seatedCovers: 6,
      wastedSeats: 2,
      mergedTables: 0,
      moves: 0,
      bumped: 0,
      zoneMisses: 0,
    });
    expect(output.repairs).toMatchObject({ enabled: false, tried: 0 });
  });

  it("with --repair, moves the party of two to B1 to seat the party of seven", async () => {
    const { code, stdout } = await invoke(["--repair", "-i", "day.json"], { "day.json": JSON.stringify(evening) });
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.assignments).toContainEqual({ bookingId: "b1", tableIds: ["B1"], change: "moved" });
    expect(output.assignments).toContainEqual({ bookingId: "b2", tableIds: ["A1", "A2"], change: "placed" });
    expect(output.unplaced).toEqual([]);
    expect(output.metrics).toMatchObject({ seatedCovers: 13, moves: 1 });
    expect(output.repairs).toEqual({
      enabled: true,
      tried: 1,
      succeeded: 1,
      log: [{ bookingId: "b2", moves: [{ bookingId: "b1", fromTableIds: ["A1"], toTableIds: ["B1"] }] }],
    });
  });

  it("knows nothing of later bookings: each decision equals the one made on the input cut after it", async () => {
    const day = generateDay({ seed: 3, tableCount: 20, load: 0.8 });
    const json = {
      venue: { ...day.venue, policy: day.config?.policy ?? {} },
      bookings: day.bookings.map((b) => ({
        ...b,
        start: new Date(b.start).toISOString(),
        end: new Date(b.end).toISOString(),
      })),
    };
    const decide = async (count: number) => {
      const cut = { ...json, bookings: json.bookings.slice(0, count) };
      return JSON.parse((await invoke(["-i", "d.json", "--compact"], { "d.json": JSON.stringify(cut) })).stdout);
    };
    const full = await decide(json.bookings.length);
    expect(full.unplaced.length).toBeGreaterThan(0);
    for (const count of [5, 17, 30]) {
      const prefix = await decide(count);
      const last = json.bookings[count - 1]?.id;
      const inFull = full.assignments.find((a: { bookingId: string }) => a.bookingId === last) ?? null;
      const inPrefix = prefix.assignments.find((a: { bookingId: string }) => a.bookingId === last) ?? null;
      expect(inPrefix).toEqual(inFull);
    }
  });

  it("refuses input that is not a day (exit 2, naming the field)", async () => {
    const { code, stderr } = await invoke(["-i", "bad.json"], { "bad.json": JSON.stringify({ venue: {} }) });
    expect(code).toBe(2);
    expect(stderr).toContain("Invalid assign-online input");
  });
});
