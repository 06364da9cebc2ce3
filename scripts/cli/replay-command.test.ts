import { describe, expect, it } from "vitest";
import type { TReplayResponse } from "../../server/lab/replay-schema";
import { formatReplayTable, parseReplayArgs, run, type TCommandIo } from "./replay-command";

function io(files: Record<string, string> = {}) {
  const out = { stdout: "", stderr: "" };
  const value: TCommandIo = {
    readStdin: async () => "",
    stdinIsTTY: true,
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file ${path}`);
      return text;
    },
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
  };
  return { io: value, out };
}

const neverOpened = async (): Promise<never> => {
  throw new Error("the database must not be opened for bad input");
};

describe("replay command arguments", () => {
  it("reads the restaurant, the range, the candidate file and --json", () => {
    expect(
      parseReplayArgs(["--restaurant", "demo", "--from", "2026-11-01", "--to", "2026-11-07", "-c", "c.json", "--json"]),
    ).toEqual({
      ok: true,
      args: { restaurant: "demo", from: "2026-11-01", to: "2026-11-07", config: "c.json", json: true },
    });
    expect(parseReplayArgs(["-r", "demo", "--from", "2026-11-01", "--to", "2026-11-01"])).toMatchObject({
      ok: true,
      args: { config: null, json: false },
    });
  });

  it.each([
    [["--from", "2026-11-01", "--to", "2026-11-02"], /--restaurant/],
    [["-r", "demo", "--to", "2026-11-02"], /--from YYYY-MM-DD is required/],
    [["-r", "demo", "--from", "1/11/2026", "--to", "2026-11-02"], /--from must be a date/],
    [["-r", "demo", "--from", "2026-11-05", "--to", "2026-11-01"], /ends .* before it starts/],
    [["-r", "demo", "--from", "2026-01-01", "--to", "2026-03-01"], /at most 31/],
    [["-r", "demo", "--from", "2026-11-01", "--to", "2026-11-02", "--colour"], /Unknown option/],
  ])("refuses %j", (argv, message) => {
    const parsed = parseReplayArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.message).toMatch(message);
  });

  it("exits 2 on bad usage or a bad configuration file, before opening the database", async () => {
    const bad = io();
    expect(await run(["-r", "demo", "--from", "2026-11-05", "--to", "2026-11-01"], bad.io, neverOpened)).toBe(2);
    expect(bad.out.stderr).toMatch(/Usage: npm run maitre -- replay/);

    const files = io({ "c.json": JSON.stringify({ policy: { maxTablesPerPlan: 9 } }), "x.json": "{not json" });
    const range = ["-r", "demo", "--from", "2026-11-01", "--to", "2026-11-02"];
    expect(await run([...range, "--config", "c.json"], files.io, neverOpened)).toBe(2);
    expect(files.out.stderr).toMatch(/policy\.maxTablesPerPlan/);
    expect(await run([...range, "--config", "x.json"], files.io, neverOpened)).toBe(2);
    expect(await run([...range, "--config", "missing.json"], files.io, neverOpened)).toBe(2);
    expect(files.out.stderr).toMatch(/Cannot read missing\.json/);

    const help = io();
    expect(await run(["--help"], help.io, neverOpened)).toBe(0);
    expect(help.out.stdout).toMatch(/--config/);
  });

  it("prints the totals with % of the optimum and one line per day", () => {
    const metrics = {
      bookings: 4,
      seatedBookings: 3,
      seatedCovers: 8,
      manualReviews: 1,
      wastedSeats: 2,
      mergedTables: 0,
    };
    const run = { ...metrics, latency: { p50Ms: 0.4, p95Ms: 1.2 }, repairs: 0 };
    const optimum = {
      ...metrics,
      seatedCovers: 10,
      manualReviews: 0,
      optimal: true,
      gap: 0,
      coversUpperBound: 10,
      durationMs: 5,
    };
    const result: TReplayResponse = {
      restaurantId: "r1",
      from: "2026-11-01",
      to: "2026-11-01",
      venueVersion: 3,
      currentConfig: { policy: {} as never, weights: {} as never },
      candidateConfig: null,
      optimizerTimeLimitMs: 5000,
      days: [{ date: "2026-11-01", actual: metrics, current: run, candidate: null, optimum }],
      total: { actual: metrics, current: run, candidate: null, optimum },
      durationMs: 20,
    };
    const text = formatReplayTable(result, "demo");
    expect(text).toMatch(/Covers seated\s+8 \(80 %\)\s+8 \(80 %\)\s+10/);
    expect(text).toMatch(/Planner p50 \/ p95\s+–\s+0.4 \/ 1.2 ms/);
    expect(text).toMatch(/proven optimal/);
    expect(text).toMatch(/2026-11-01\s+8 seated, 1 review/);
    expect(text).not.toMatch(/Candidate/);
  });
});
