import pg from "pg";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of a reachable PostgreSQL for integration tests, or null when none answers. */
    postgresAdminUrl: string | null;
    /** Why PostgreSQL tests are skipped (shown in the test names), when they are. */
    postgresSkipReason: string | null;
  }
}

const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * Integration suites run on PGlite always and on PostgreSQL when one answers. On a laptop with only Node
 * the PostgreSQL half is skipped and says why; CI sets CI_REQUIRE_ALL=1, which turns a missing service into
 * a failure so nothing is silently skipped there.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  const requireAll = process.env.CI_REQUIRE_ALL === "1";
  let reason: string | null = null;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    reason = `PostgreSQL not reachable at ${redact(url)} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason && requireAll) throw new Error(`CI_REQUIRE_ALL=1 but ${reason}`);
  if (reason) console.warn(`[maitre tests] skipping PostgreSQL integration tests: ${reason}`);
  project.provide("postgresAdminUrl", reason ? null : url);
  project.provide("postgresSkipReason", reason);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]+@/, "//$1:***@");
}
