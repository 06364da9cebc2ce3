import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TImportRowError, TImportSummary } from "@/server/setup/import/import-schema";
import { seedRestaurant, seedServicePeriod, seedZone } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET as exportRoute } from "../export/route";
import { POST } from "./route";
import { GET as sampleRoute } from "./samples/[file]/route";

const sample = (file: string) => readFileSync(path.join(process.cwd(), "docs", "import", file), "utf8");

/**
 * Import and export through the real route handlers, on PGlite and PostgreSQL: the sample files build a room and
 * its bookings (lifecycle history, allocations); one bad row, an overlap or an unknown table refuses the whole
 * file with line numbers and writes nothing; dry runs write nothing; export → import into a new restaurant gives
 * the same files back; hosts are 403.
 */
describeEachBackend("/api/ops/restaurants/{id}/import and /export", ({ db }) => {
  let manager: TTestStaff;
  let host: TTestStaff;
  let restaurantId = "";
  let copyId = "";
  let uninstall: (() => Promise<void>) | undefined;

  const newRestaurant = async () => {
    const restaurant = await seedRestaurant(db().kysely);
    await seedZone(db().kysely, { restaurantId: restaurant.id, name: "Dining room" });
    await seedServicePeriod(db().kysely, { restaurantId: restaurant.id });
    return restaurant.id;
  };

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    restaurantId = await newRestaurant();
    copyId = await newRestaurant();
    manager = await seedStaffMember(db().kysely, {
      secret,
      memberships: [
        [restaurantId, "manager"],
        [copyId, "manager"],
      ],
    });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[restaurantId, "host"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const importFile = (
    kind: string,
    body: string,
    { staff = manager, format = "csv", dryRun = false, id = restaurantId } = {},
  ) =>
    POST(
      staffRequest(`/api/ops/restaurants/${id}/import?kind=${kind}&format=${format}${dryRun ? "&dryRun=true" : ""}`, {
        method: "POST",
        staff,
        body,
        headers: { "content-type": format === "csv" ? "text/csv" : "application/json" },
      }),
      routeParams({ id }),
    );
  const exportFile = (kind: string, { format = "csv", id = restaurantId, staff = manager } = {}) =>
    exportRoute(
      staffRequest(`/api/ops/restaurants/${id}/export?kind=${kind}&format=${format}`, { staff }),
      routeParams({ id }),
    );
  const count = async (table: "bookings" | "tables" | "allocations" | "booking_state_history", id = restaurantId) =>
    Number(
      (
        await db()
          .kysely.selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("restaurant_id", "=", id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const rowErrors = async (response: Response) => {
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; rowErrors: TImportRowError[]; totalErrors: number };
    expect(body.code).toBe("IMPORT_INVALID");
    return body;
  };

  it("a host may neither import nor export (403), and nothing is written", async () => {
    const response = await importFile("tables", sample("tables.csv"), { staff: host });
    expect(response.status).toBe(403);
    expect((await exportFile("tables", { staff: host })).status).toBe(403);
    expect(await count("tables")).toBe(0);
  });

  it("a dry run checks the file and writes nothing", async () => {
    const response = await importFile("tables", sample("tables.csv"), { dryRun: true });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as TImportSummary;
    expect(summary).toMatchObject({ dryRun: true, rows: 10, created: 10, zonesCreated: ["Terrace"] });
    expect(await count("tables")).toBe(0);
  });

  it("imports the sample zones, tables and links (matched by name and label on a second import)", async () => {
    const zones = (await (await importFile("zones", sample("zones.csv"))).json()) as TImportSummary;
    expect(zones).toMatchObject({ created: 1, updated: 1 });
    const tables = await importFile("tables", sample("tables.csv"));
    expect(tables.status).toBe(200);
    expect(await tables.json()).toMatchObject({ created: 10, updated: 0, zonesCreated: [] });
    const links = (await (await importFile("adjacency", sample("adjacency.csv"))).json()) as TImportSummary;
    expect(links).toMatchObject({ created: 5 });
    const again = (await (await importFile("tables", sample("tables.csv"))).json()) as TImportSummary;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
    const d6 = await db()
      .kysely.selectFrom("tables")
      .selectAll()
      .where("restaurant_id", "=", restaurantId)
      .where("label", "=", "D6")
      .executeTakeFirstOrThrow();
    expect(d6).toMatchObject({ capacity: 6, min_party: 3, mergeable: false, shape: "round" });
    // An update of one column keeps the others.
    const update = await importFile("tables", "label,capacity\nD6,8\n");
    expect(await update.json()).toMatchObject({ updated: 1 });
    const after = await db()
      .kysely.selectFrom("tables")
      .select(["capacity", "min_party", "shape"])
      .where("id", "=", d6.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ capacity: 8, min_party: 3, shape: "round" });
  });

  it("imports the sample bookings through the lifecycle, with history rows and allocations", async () => {
    const response = await importFile("bookings", sample("bookings.csv"));
    if (response.status !== 200) console.log(await response.clone().text());
    expect(response.status).toBe(200);
    const summary = (await response.json()) as TImportSummary;
    expect(summary).toMatchObject({
      created: 7,
      waitingForTables: 1,
      byStatus: { confirmed: 3, assignment_pending: 1, completed: 1, no_show: 1, cancelled: 1 },
    });
    const grace = await db()
      .kysely.selectFrom("bookings")
      .selectAll()
      .where("restaurant_id", "=", restaurantId)
      .where("guest_name", "=", "Grace Hopper")
      .executeTakeFirstOrThrow();
    expect(grace).toMatchObject({ status: "confirmed", state_version: 3, tags: ["birthday", "allergy-nuts"] });
    const history = await db()
      .kysely.selectFrom("booking_state_history")
      .select(["from_status", "to_status", "event", "version"])
      .where("booking_id", "=", grace.id)
      .orderBy("version")
      .execute();
    expect(history.map((h) => `${h.version}:${h.event}:${h.to_status}`)).toEqual([
      "0:CREATE:created",
      "1:CAPACITY_VERIFIED:capacity_verified",
      "2:MANUAL_ASSIGN:assigned",
      "3:CONFIRM:confirmed",
    ]);
    // Ada D1, Alan D4, Grace D2+D3, Edsger P1, Barbara P2: 6 allocations; the cancelled and waiting ones have none.
    expect(await count("allocations")).toBe(6);
  });

  it("one bad row refuses the whole file, listing every error with its line", async () => {
    const before = await count("bookings");
    const file = [
      "guest_name,party_size,date,time,duration_minutes,tables",
      "Fine Guest,2,2027-07-01,19:00,90,P1",
      "No Party,0,2027-07-01,19:00,90,P2",
      '"Multi',
      'line",2,2027-07-01,25:00,90,',
      "Bad Table,2,2027-07-01,19:00,90,Z9",
      "Too Many,9,2027-07-01,19:00,90,P3",
    ].join("\n");
    const body = await rowErrors(await importFile("bookings", file));
    expect(body.rowErrors).toEqual([
      { line: 3, field: "party_size", message: "must be at least 1" },
      { line: 4, field: "time", message: "a time is HH:MM (24-hour)" },
      { line: 6, field: "tables", message: "table Z9 does not exist in this restaurant (import the tables first)" },
      { line: 7, field: "tables", message: "P3 seat 4, not a party of 9" },
    ]);
    expect(body.totalErrors).toBe(4);
    expect(await count("bookings")).toBe(before);
  });

  it("two rows on one table at overlapping times: an error naming both lines; an existing booking too", async () => {
    const before = await count("bookings");
    const file = [
      "guest_name,party_size,date,time,duration_minutes,tables",
      "First,2,2027-07-02,19:00,120,P3",
      "Second,2,2027-07-02,20:00,90,P3;P4",
      "Clash With Ada,2,2027-06-11,19:30,60,D1",
    ].join("\n");
    const body = await rowErrors(await importFile("bookings", file));
    expect(body.rowErrors).toHaveLength(2);
    expect(body.rowErrors[0]).toMatchObject({ line: 3, field: "tables" });
    expect(body.rowErrors[0]?.message).toContain("line 2");
    expect(body.rowErrors[1]).toMatchObject({ line: 4, field: "tables" });
    expect(body.rowErrors[1]?.message).toMatch(/table D1 is already taken by booking [A-Z0-9]+/);
    expect(await count("bookings")).toBe(before);
  });

  it("a JSON file reports errors by item number and field", async () => {
    const body = await rowErrors(
      await importFile(
        "tables",
        JSON.stringify([
          { label: "X1", capacity: 2 },
          { label: "X2", capacity: "many" },
        ]),
        {
          format: "json",
        },
      ),
    );
    expect(body.rowErrors).toEqual([
      { line: 1, field: "zone", message: "a new table needs its zone (the room has several)" },
      { line: 2, field: "capacity", message: "must be a whole number" },
    ]);
  });

  it("export → import into a new restaurant gives the same files back", async () => {
    for (const kind of ["zones", "tables", "adjacency"] as const) {
      for (const format of ["csv", "json"] as const) {
        const exported = await exportFile(kind, { format });
        expect(exported.status).toBe(200);
        expect(exported.headers.get("content-disposition")).toContain(`-${kind}.${format}`);
        const text = await exported.text();
        const imported = await importFile(kind, text, { format, id: copyId });
        expect(imported.status).toBe(200);
        expect(await (await exportFile(kind, { format, id: copyId })).text()).toBe(text);
      }
    }
    const bookings = await (await exportFile("bookings", { format: "json" })).text();
    const imported = await importFile("bookings", bookings, { format: "json", id: copyId });
    if (imported.status !== 200) console.log(await imported.clone().text());
    expect(imported.status).toBe(200);
    const summary = (await imported.json()) as TImportSummary;
    // References are unique across restaurants: the copies got new ones, and the answer says which.
    expect(summary.renamedReferences).toHaveLength(7);
    const strip = (json: string) =>
      (JSON.parse(json) as Array<Record<string, unknown>>).map(({ reference: _, ...rest }) => rest);
    const copied = await (await exportFile("bookings", { format: "json", id: copyId })).text();
    expect(strip(copied)).toEqual(strip(bookings));
    expect(await count("allocations", copyId)).toBe(await count("allocations"));
  });

  it("serves the sample files, and nothing else", async () => {
    const ok = await sampleRoute(
      staffRequest(`/api/ops/restaurants/${restaurantId}/import/samples/tables.csv`, { staff: manager }),
      routeParams({ id: restaurantId, file: "tables.csv" }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(sample("tables.csv"));
    const missing = await sampleRoute(
      staffRequest(`/api/ops/restaurants/${restaurantId}/import/samples/..%2Fsecret`, { staff: manager }),
      routeParams({ id: restaurantId, file: "../README.md" }),
    );
    expect(missing.status).toBe(404);
  });
});

describe("import route module", () => {
  it("is registered", () => {
    expect(typeof POST).toBe("function");
  });
});
