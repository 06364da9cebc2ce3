import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { seedRestaurant, seedZone } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { run as runExport } from "./export-command";
import { run as runImport } from "./import-command";
import type { TCommandIo } from "./read-json-command-input";

const SAMPLES = path.join(process.cwd(), "docs", "import");

function capture(files: Record<string, string> = {}) {
  const out = { stdout: "", stderr: "", written: {} as Record<string, string> };
  const io: TCommandIo & { writeFile: (p: string, t: string) => Promise<void> } = {
    readStdin: async () => files["-"] ?? "",
    stdinIsTTY: false,
    readFile: async (file) => files[file] ?? readFileSync(file, "utf8"),
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    writeFile: async (file, text) => {
      out.written[file] = text;
    },
  };
  return { io, out };
}

/** `maitre import` / `maitre export` against a real database (the command's own, injected), on both backends. */
describeEachBackend("maitre import / export", ({ db }) => {
  let slug = "";
  const target = async () => ({ db: db(), close: async () => {} });

  beforeAll(async () => {
    const restaurant = await seedRestaurant(db().kysely);
    await seedZone(db().kysely, { restaurantId: restaurant.id, name: "Dining room" });
    slug = restaurant.slug;
  });

  it("refuses bad usage with exit code 2 and the usage text", async () => {
    const { io, out } = capture();
    expect(await runImport(["--restaurant", slug, "--kind", "chairs", "--file", "x.csv"], io, target)).toBe(2);
    expect(out.stderr).toContain("--kind must be one of zones, tables, adjacency, bookings");
    const missing = capture();
    expect(await runImport(["--restaurant", "nope", "--kind", "zones", "--file", "-"], missing.io, target)).toBe(2);
    expect(missing.out.stderr).toContain('No restaurant with the slug "nope"');
  });

  it("imports the sample tables and links (dry run first), printing the summary", async () => {
    const file = path.join(SAMPLES, "tables.csv");
    const dry = capture();
    expect(await runImport(["-r", slug, "-k", "tables", "-f", file, "--dry-run"], dry.io, target)).toBe(0);
    expect(JSON.parse(dry.out.stdout)).toMatchObject({ dryRun: true, created: 10 });
    const real = capture();
    expect(await runImport(["-r", slug, "-k", "tables", "-f", file], real.io, target)).toBe(0);
    expect(JSON.parse(real.out.stdout)).toMatchObject({ dryRun: false, created: 10, zonesCreated: ["Terrace"] });
    const links = capture();
    const adjacency = path.join(SAMPLES, "adjacency.csv");
    expect(await runImport(["-r", slug, "-k", "adjacency", "-f", adjacency, "--compact"], links.io, target)).toBe(0);
    expect(JSON.parse(links.out.stdout)).toMatchObject({ created: 5 });

    const exported = capture();
    expect(await runExport(["-r", slug, "-k", "adjacency"], exported.io, target)).toBe(0);
    expect(exported.out.stdout).toBe(readFileSync(adjacency, "utf8"));
  });

  it("a file with errors: exit 2, every row error on stderr with its line, nothing imported", async () => {
    const { io, out } = capture({
      "bad.csv":
        "guest_name,party_size,date,time,duration_minutes,tables\nAda,2,2027-06-11,19:00,90,NOPE\nBob,0,2027-06-11,19:00,90,\n",
    });
    expect(await runImport(["-r", slug, "-k", "bookings", "-f", "bad.csv"], io, target)).toBe(2);
    expect(out.stderr).toBe(
      [
        "2 errors in the bookings file; nothing was imported:",
        "  - line 2, tables: table NOPE does not exist in this restaurant (import the tables first)",
        "  - line 3, party_size: must be at least 1",
        "",
      ].join("\n"),
    );
    const count = await db()
      .kysely.selectFrom("bookings")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("imports bookings from JSON on standard input and exports them to a file", async () => {
    const json = readFileSync(path.join(SAMPLES, "bookings.json"), "utf8");
    const imported = capture({ "-": json });
    expect(await runImport(["-r", slug, "-k", "bookings", "-f", "-", "--format", "json"], imported.io, target)).toBe(0);
    expect(JSON.parse(imported.out.stdout)).toMatchObject({ created: 3, waitingForTables: 1 });
    const exported = capture();
    const argv = ["-r", slug, "-k", "bookings", "--from", "2027-06-11", "--to", "2027-06-11", "-o", "out.json"];
    expect(await runExport([...argv, "--format", "json"], exported.io, target)).toBe(0);
    const rows = JSON.parse(exported.out.written["out.json"] ?? "[]") as Array<{
      guest_name: string;
      tables: string[];
    }>;
    expect(rows.map((r) => [r.guest_name, r.tables])).toEqual([
      ["Ada Lovelace", ["D1"]],
      ["Grace Hopper", ["D2", "D3"]],
    ]);
    expect(exported.out.stderr).toContain("2 bookings row(s) written to out.json");
  });
});
