import { Redis } from "@upstash/redis";
import pg from "pg";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startUpstashLocal } from "../../scripts/upstash-local";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of a reachable PostgreSQL for integration tests, or null when none answers. */
    postgresAdminUrl: string | null;
    /** Why PostgreSQL tests are skipped (shown in the test names), when they are. */
    postgresSkipReason: string | null;
    /** URL of a reachable Redis (tests reach it through the in-process Upstash proxy), or null. */
    redisUrl: string | null;
    /** Why Redis/Upstash tests are skipped (shown in the test names), when they are. */
    redisSkipReason: string | null;
  }
}

const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

/**
 * Integration suites run on PGlite always and on PostgreSQL when one answers. On a laptop with only Node
 * the PostgreSQL half is skipped and says why; CI sets CI_REQUIRE_ALL=1, which turns a missing service into
 * a failure so nothing is silently skipped there.
 *
 * The integration and e2e projects both list this file (the unit project does not: it needs no service).
 * The answer is provided on the root project, which every project inherits, so one run probes once.
 */
export default async function setup(project: TestProject): Promise<void> {
  const root = project.vitest;
  if ("postgresSkipReason" in root.getProvidedContext()) return;
  await probePostgres(root);
  await probeRedis(root);
}

async function probePostgres(project: Pick<TestProject, "provide">): Promise<void> {
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

/**
 * Redis is probed THROUGH the local Upstash proxy with the real @upstash/redis client, so a skip reason covers
 * both the server and the proxy. Same policy as PostgreSQL: skipped with the reason locally, fatal in CI.
 */
async function probeRedis(project: Pick<TestProject, "provide">): Promise<void> {
  const url = process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
  const requireAll = process.env.CI_REQUIRE_ALL === "1";
  let reason: string | null = null;
  const proxy = await startUpstashLocal({ port: 0, redisUrl: url, token: "probe", connectTimeoutMs: 1500 });
  try {
    const redis = new Redis({ url: proxy.url, token: proxy.token, retry: false, enableTelemetry: false });
    const pong = await redis.ping();
    if (pong !== "PONG") reason = `Redis at ${redact(url)} answered PING with ${JSON.stringify(pong)}`;
  } catch (error) {
    reason = `Redis not reachable at ${redact(url)} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await proxy.close();
  }
  if (reason && requireAll) throw new Error(`CI_REQUIRE_ALL=1 but ${reason}`);
  if (reason) console.warn(`[maitre tests] skipping Redis/Upstash tests: ${reason}`);
  project.provide("redisUrl", reason ? null : url);
  project.provide("redisSkipReason", reason);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@]+@/, "//$1:***@");
}
