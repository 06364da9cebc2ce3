import type { TestDb } from "@/server/testing/test-db";

/**
 * The row count of every table of the app (`public`) and of the job queue (`pgboss`): bookings, their history,
 * allocations, holds, notifications (the outbox), api_keys, guests, staff, invites, jobs … A refused request must
 * leave every count as it was.
 */
export async function rowCounts(db: TestDb): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables
      where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const union = tables
    .map(
      (t) =>
        `select '${t.table_schema}.${t.table_name}' as name, count(*)::int as n from "${t.table_schema}"."${t.table_name}"`,
    )
    .join(" union all ");
  const { rows } = await db.query<{ name: string; n: number }>(union);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/** The tables whose counts differ, `table: before → after` (empty when nothing was written). */
export function countChanges(before: Record<string, number>, after: Record<string, number>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).map((n) => `${n}: ${before[n]} → ${after[n]}`);
}
