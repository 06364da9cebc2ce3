import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_COLUMNS, IMPORT_KINDS } from "./import-schema";
import { parseImportFile } from "./parse-import-file";

const sample = (file: string) => readFileSync(path.join(process.cwd(), "docs", "import", file), "utf8");

describe("parseImportFile", () => {
  it("reads every sample file without an error", () => {
    for (const kind of IMPORT_KINDS) {
      const parsed = parseImportFile({ kind, format: "csv", text: sample(`${kind}.csv`) });
      expect(parsed.errors, kind).toEqual([]);
      expect(parsed.rows.length, kind).toBeGreaterThan(0);
    }
    for (const kind of ["tables", "bookings"] as const) {
      expect(parseImportFile({ kind, format: "json", text: sample(`${kind}.json`) }).errors).toEqual([]);
    }
  });

  it("the samples use the documented columns in the export's order", () => {
    for (const kind of IMPORT_KINDS) {
      const header = sample(`${kind}.csv`).split("\n")[0];
      expect(header).toBe(IMPORT_COLUMNS[kind].join(","));
    }
  });

  it("applies the defaults and reads yes/no, lists and decimal commas", () => {
    const parsed = parseImportFile({
      kind: "bookings",
      format: "csv",
      text: "guest_name;party_size;date;time;tables;tags\nAda;2;2027-06-11;9:05;T1; T2;vip\n",
    });
    // ";" as the delimiter (a comma-decimal spreadsheet): the tables column then holds one label per cell.
    expect(parsed.errors).toHaveLength(1);
    const tables = parseImportFile({
      kind: "tables",
      format: "csv",
      text: 'label,capacity,mergeable,x\nT1,4,no,"1,5"\n',
    });
    expect(tables.errors).toEqual([]);
    expect(tables.rows[0]).toEqual({
      line: 2,
      row: { label: "T1", capacity: 4, mergeable: false, x: 1.5 },
    });
    const bookings = parseImportFile({
      kind: "bookings",
      format: "json",
      text: JSON.stringify([
        { guest_name: "Ada", party_size: "2", date: "2027-06-11", time: "19:00", tables: "T1;T2" },
      ]),
    });
    expect(bookings.rows[0]?.row).toMatchObject({ status: "confirmed", source: "ops", tables: ["T1", "T2"], tags: [] });
  });

  it("numbers CSV lines as an editor does: header 1, blank lines and multi-line quoted values counted", () => {
    const text = [
      "guest_name,party_size,date,time,notes",
      "Ada,2,2027-06-11,19:00,fine",
      "",
      'Bob,2,2027-06-11,19:00,"two',
      'lines"',
      "Cy,0,2027-06-11,19:00,",
      "\r",
    ].join("\r\n");
    const parsed = parseImportFile({ kind: "bookings", format: "csv", text });
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(parsed.errors).toEqual([{ line: 6, field: "party_size", message: "must be at least 1" }]);
  });

  it("reports every kind of error with its line and field", () => {
    const text = [
      "reference,guest_name,guest_email,party_size,date,time,duration_minutes,end_time,status,tables,source,extra",
      "ab,,not-an-email,x,2027-13-01,7pm,5,,seated,,fax,1",
      "GOOD1,Ada,,2,2027-06-11,19:00,90,21:00,confirmed,,phone,",
    ].join("\n");
    const parsed = parseImportFile({ kind: "bookings", format: "csv", text });
    expect(parsed.rows).toEqual([]);
    const fields = parsed.errors.map((e) => `${e.line}:${e.field}`);
    expect(fields).toEqual([
      "2:extra",
      "2:reference",
      "2:guest_name",
      "2:guest_email",
      "2:party_size",
      "2:time",
      "2:duration_minutes",
      "2:status",
      "2:source",
      "3:extra",
      "3:end_time",
    ]);
    expect(parsed.errors.find((e) => e.field === "status")?.message).toBe(
      "must be one of confirmed, checked_in, completed, cancelled, no_show",
    );
  });

  it("refuses headers with missing, empty or repeated columns, once, on line 1", () => {
    expect(parseImportFile({ kind: "tables", format: "csv", text: "zone,capacity\nMain,2\n" }).errors).toEqual([
      { line: 1, field: "label", message: "this column is required" },
    ]);
    expect(parseImportFile({ kind: "adjacency", format: "csv", text: "table_a,table_a,table_b\n" }).errors).toEqual([
      { line: 1, field: "table_a", message: "the column appears twice" },
    ]);
    expect(parseImportFile({ kind: "zones", format: "csv", text: "" }).errors[0]).toMatchObject({ line: 1 });
    expect(parseImportFile({ kind: "zones", format: "csv", text: "name\n" }).errors).toEqual([
      { line: 2, field: null, message: "the file has no rows" },
    ]);
  });

  it("a row with more values than columns is an error (an unquoted comma)", () => {
    const parsed = parseImportFile({ kind: "zones", format: "csv", text: "name,color\nBar, lounge,#ffffff\n" });
    expect(parsed.errors).toEqual([
      { line: 2, field: null, message: '3 values for 2 columns (quote values that contain ",")' },
    ]);
  });

  it("JSON: items numbered from 1, fields named; not an array or not JSON is one error", () => {
    const parsed = parseImportFile({
      kind: "tables",
      format: "json",
      text: JSON.stringify([{ label: "T1", capacity: 2 }, "T2", { label: "T3", capacity: 2, min_party: 3 }]),
    });
    expect(parsed.rows.map((r) => r.line)).toEqual([1]);
    expect(parsed.errors).toEqual([
      { line: 2, field: null, message: "each row is an object of column: value" },
      { line: 3, field: "min_party", message: "min party cannot exceed capacity" },
    ]);
    expect(parseImportFile({ kind: "tables", format: "json", text: "{" }).errors[0]?.message).toMatch(
      /^not valid JSON/,
    );
    expect(parseImportFile({ kind: "tables", format: "json", text: '{"a":1}' }).errors[0]?.message).toContain("array");
    expect(
      parseImportFile({ kind: "adjacency", format: "json", text: '{"rows":[{"table_a":"A","table_b":"A"}]}' }).errors,
    ).toEqual([{ line: 1, field: "table_b", message: "a table cannot link to itself" }]);
  });
});
