import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { describeEachBackend } from "@/server/testing/test-db";
import { MigrationError, migrate, readMigrations } from "./migrate";

/**
 * `-- maitre:no-transaction` migrations (operations.md §9 gap 14) on PGlite and PostgreSQL: `create index
 * concurrently` — refused inside a transaction — is applied once, recorded in the ledger, skipped on the next run;
 * a marked file with two statements is refused before anything runs.
 */
describeEachBackend("migrations outside a transaction", ({ db }) => {
  const dirs: string[] = [];
  const names = ["29990101000000_outside_tx_table", "29990101000100_outside_tx_index"];
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await db().kysely.deleteFrom("schema_migrations").where("name", "in", names).execute();
    await sql`drop table if exists outside_tx_probe`.execute(db().kysely);
  });

  function migrationDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "maitre-outside-tx-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.sql`), text);
    return dir;
  }

  it("applies create index concurrently once, records it, and skips it on the next run", async () => {
    const dir = migrationDir({
      [names[0] as string]:
        "create table outside_tx_probe (id int primary key, n int);\ninsert into outside_tx_probe select g, g % 7 from generate_series(1, 500) g;\n",
      [names[1] as string]:
        "-- maitre:no-transaction\n-- An index on a big table without blocking its writes.\ncreate index concurrently outside_tx_probe_n_idx on outside_tx_probe (n);\n",
    });
    expect(readMigrations(dir).map((m) => m.outsideTransaction)).toEqual([false, true]);
    const first = await migrate(db(), { dir });
    expect(first.applied).toEqual(names);
    const index = await sql<{ valid: boolean }>`
      select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = 'outside_tx_probe_n_idx'`.execute(db().kysely);
    expect(index.rows).toEqual([{ valid: true }]);
    const again = await migrate(db(), { dir });
    expect(again.applied).toEqual([]);
    expect(again.skipped).toBe(2);
    // The connection went back to the pool as it came: a transaction and the statement timeout work as before.
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db().kysely);
    expect(rows[0]?.ok).toBe(1);
  });

  it("refuses a marked migration with more than one statement, before running anything", async () => {
    const dir = migrationDir({
      "29990101000200_two_statements":
        "-- maitre:no-transaction\ncreate index concurrently a_idx on outside_tx_probe (id);\ncreate index concurrently b_idx on outside_tx_probe (n);\n",
    });
    expect(() => readMigrations(dir)).toThrow(MigrationError);
    expect(() => readMigrations(dir)).toThrow(/exactly one statement/);
    await expect(migrate(db(), { dir })).rejects.toThrow(/exactly one statement/);
  });
});
