/**
 * `npm run bench:import`: a 150-table room (5 zones, links along each row) and 2,000 bookings over a fortnight —
 * past ones completed or no-shows, future ones confirmed on their tables, some on two linked tables, some
 * cancelled, some without tables (queued for assignment) — written as CSV and imported through importFile (the
 * CLI's and the API's path: parse, validate, check every row, one transaction) into a fresh in-memory PGlite
 * restaurant. Target: the whole file set in under 10 s. Writes docs/benchmarks.md's "import" section.
 * BENCH_BOOKINGS / BENCH_TABLES change the sizes (a trial; the section records them).
 */
import { performance } from "node:perf_hooks";
import { migrate } from "@/server/infra/db/migrate";
import { openDb } from "@/server/infra/db/open-db";
import { importFile } from "@/server/setup/import/import-file";
import type { TImportKind, TImportSummary } from "@/server/setup/import/import-schema";
import { seedRestaurant, seedServicePeriod, seedZone } from "@/server/testing/factories";
import { toZonedParts } from "@/server/time/zoned-time";
import { describeMachine, writeBenchmarkSection } from "./write-benchmark-section";

const TABLES = Number(process.env.BENCH_TABLES ?? 150);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 2000);
const TARGET_MS = 10_000;
const TIMEZONE = "Europe/London";
const ZONES = ["Dining room", "Terrace", "Bar", "Garden", "Private room"];
const SEATINGS = ["12:00", "14:00", "17:00", "19:15", "21:30"];
const DAYS = 14;

type TTable = { label: string; zone: string; capacity: number; row: number; col: number };

function generateTables(): TTable[] {
  const perZone = Math.ceil(TABLES / ZONES.length);
  return Array.from({ length: TABLES }, (_, i) => {
    const zone = ZONES[Math.floor(i / perZone)] ?? "Dining room";
    const k = i % perZone;
    return { label: `T${i + 1}`, zone, capacity: [2, 4, 4, 6, 2, 8][i % 6] ?? 4, row: Math.floor(k / 6), col: k % 6 };
  });
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const csv = (header: string[], rows: Array<Array<string | number>>) =>
  `${header.join(",")}\n${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;

function files(now: Date) {
  const tables = generateTables();
  const zoneIndex = (zone: string) => ZONES.indexOf(zone);
  const tablesCsv = csv(
    ["label", "zone", "capacity", "min_party", "x", "y", "width", "height"],
    tables.map((t) => [t.label, t.zone, t.capacity, 1, 1 + t.col * 2.5, 1 + zoneIndex(t.zone) * 12 + t.row * 2, 1, 1]),
  );
  // Links along each row of a zone: T(n)–T(n+1) when they sit side by side.
  const links: Array<[string, string]> = [];
  for (let i = 0; i + 1 < tables.length; i++) {
    const a = tables[i] as TTable;
    const b = tables[i + 1] as TTable;
    if (a.zone === b.zone && a.row === b.row) links.push([a.label, b.label]);
  }
  const adjacencyCsv = csv(["table_a", "table_b"], links);

  // Bookings: day by day from a week ago, seating by seating, table by table (one booking per table per seating,
  // so nothing overlaps); every 25th a pair of linked tables for a bigger party.
  const today = toZonedParts(now, TIMEZONE).date;
  const dayOf = (offset: number) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const rows: Array<Array<string | number>> = [];
  let n = 0;
  const linked = new Set(links.map(([a]) => a));
  outer: for (let day = -7; day < DAYS - 7; day++) {
    if (day === 0) continue; // today: times around "now" would need check-in rules; the fortnight around it is enough
    const date = dayOf(day);
    for (const [seating, time] of SEATINGS.entries()) {
      // A quarter of the tables at each seating (never two neighbours: a pair's second table stays free).
      for (let t = (day + 7 + seating) % 4; t < tables.length; t += 4) {
        if (n >= BOOKINGS) break outer;
        const table = tables[t] as TTable;
        const next = tables[t + 1];
        const pair = n % 25 === 0 && linked.has(table.label) && next !== undefined;
        const seats = pair && next ? table.capacity + next.capacity : table.capacity;
        const party = Math.max(1, seats - (n % 3));
        const past = day < 0;
        const status = n % 40 === 3 ? "cancelled" : past ? (n % 19 === 7 ? "no_show" : "completed") : "confirmed";
        const withoutTables = !past && n % 50 === 9;
        rows.push([
          `Guest ${n}`,
          n % 4 === 0 ? `guest${n}@example.com` : "",
          n % 4 === 1 ? `+44 20 7946 ${String(n).padStart(4, "0")}` : "",
          party,
          date,
          time,
          105,
          status,
          withoutTables ? "" : pair && next ? `${table.label};${next.label}` : table.label,
          n % 10 === 0 ? "Window, please" : "",
          n % 15 === 0 ? "vip" : "",
        ]);
        n++;
      }
    }
  }
  const bookingsCsv = csv(
    [
      "guest_name",
      "guest_email",
      "guest_phone",
      "party_size",
      "date",
      "time",
      "duration_minutes",
      "status",
      "tables",
      "notes",
      "tags",
    ],
    rows,
  );
  return { tablesCsv, adjacencyCsv, bookingsCsv, links: links.length, bookings: rows.length };
}

async function main(): Promise<number> {
  const now = new Date();
  const generated = files(now);
  const db = await openDb({ kind: "pglite", memory: true });
  await migrate(db);
  const restaurant = await seedRestaurant(db.kysely, { timezone: TIMEZONE, slug: "bench-import" });
  await seedZone(db.kysely, { restaurantId: restaurant.id, name: "Dining room" });
  await seedServicePeriod(db.kysely, { restaurantId: restaurant.id, opensAt: "11:30", lastSeatingAt: "22:00" });
  const actor = { type: "system", id: "bench-import" } as const;
  const run = async (kind: TImportKind, text: string, dryRun = false) => {
    const started = performance.now();
    const summary: TImportSummary = await importFile({
      db,
      restaurantId: restaurant.id,
      kind,
      format: "csv",
      text,
      actor,
      dryRun,
      now,
    });
    return { ms: performance.now() - started, summary };
  };
  const tables = await run("tables", generated.tablesCsv);
  const adjacency = await run("adjacency", generated.adjacencyCsv);
  const check = await run("bookings", generated.bookingsCsv, true);
  const bookings = await run("bookings", generated.bookingsCsv);
  const total = tables.ms + adjacency.ms + bookings.ms;
  const counts = await db.kysely
    .selectFrom("bookings")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("restaurant_id", "=", restaurant.id)
    .executeTakeFirstOrThrow();
  const history = await db.kysely
    .selectFrom("booking_state_history")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("restaurant_id", "=", restaurant.id)
    .executeTakeFirstOrThrow();
  const allocations = await db.kysely
    .selectFrom("allocations")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("restaurant_id", "=", restaurant.id)
    .executeTakeFirstOrThrow();
  await db.close();
  const ok = total < TARGET_MS && Number(counts.n) === generated.bookings;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const markdown = [
    "## Import (`npm run bench:import`)",
    "",
    `Machine: ${describeMachine()}. In-memory PGlite, fresh restaurant (one dinner-and-lunch service).`,
    "",
    `A generated room of ${TABLES} tables in ${ZONES.length} zones (${generated.links} links along the rows) and ${generated.bookings} bookings over a fortnight around today (past ones completed or no-shows, future ones confirmed on their tables, every 25th on two linked tables, every 40th cancelled, every 50th future one without tables and so queued for assignment), as CSV files imported through \`importFile\` — the path of \`npm run maitre -- import\` and \`POST /api/ops/restaurants/{id}/import\`: parse and validate every row, check tables, party fit, lifecycle path and overlaps (in the file and with existing bookings), then one transaction (\`maitre_import_bookings\`: set-based inserts, one statement per lifecycle step for all rows, a history row per step).`,
    "",
    "| file | rows | result | time |",
    "|---|---:|---|---:|",
    `| tables (through saveFloorPlan) | ${TABLES} | ${tables.summary.created} created, zones created: ${tables.summary.zonesCreated?.length ?? 0} | ${s(tables.ms)} |`,
    `| adjacency | ${generated.links} | ${adjacency.summary.created} links | ${s(adjacency.ms)} |`,
    `| bookings, dry run (checks only) | ${generated.bookings} | nothing written | ${s(check.ms)} |`,
    `| bookings | ${generated.bookings} | ${Object.entries(bookings.summary.byStatus ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")} | ${s(bookings.ms)} |`,
    `| **tables + adjacency + bookings** | | target < ${TARGET_MS / 1000} s | **${s(total)}** |`,
    "",
    `Written: ${counts.n} bookings, ${history.n} history rows, ${allocations.n} allocations. ${ok ? "Target met." : "TARGET MISSED."}`,
  ].join("\n");
  writeBenchmarkSection({ name: "import", markdown });
  process.stdout.write(`\n${markdown}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
