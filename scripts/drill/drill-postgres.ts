import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";

const exec = promisify(execFile);

/** The local PostgreSQL cluster the drill restarts (Debian's pg_ctlcluster layout: /etc/postgresql/<version>/<name>). */
export type TCluster = { version: string; name: string; host: string; port: number; dataDirectory: string };

export function detectCluster({ host, port }: { host: string; port: number }): TCluster {
  const versions = readdirSync("/etc/postgresql")
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  if (!version) throw new Error("no PostgreSQL cluster under /etc/postgresql (pg_ctlcluster layout expected)");
  const name = readdirSync(`/etc/postgresql/${version}`).includes("main")
    ? "main"
    : readdirSync(`/etc/postgresql/${version}`)[0];
  if (!name) throw new Error(`no cluster under /etc/postgresql/${version}`);
  // pg_lsclusters -h: version cluster port status owner data-directory log-file
  const line = execFileSync("pg_lsclusters", ["-h"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((fields) => fields[0] === version && fields[1] === name);
  const dataDirectory = line?.[5];
  if (!dataDirectory) throw new Error(`pg_lsclusters does not list ${version}/${name}`);
  return { version, name, host, port, dataDirectory };
}

export async function isPostgresReady(cluster: TCluster): Promise<boolean> {
  try {
    await exec("pg_isready", ["-h", cluster.host, "-p", String(cluster.port), "-t", "1"], { timeout: 3000 });
    return true;
  } catch {
    return false;
  }
}

/** Polls pg_isready until it succeeds; returns the time it first did. */
export async function waitPostgresReady(
  cluster: TCluster,
  { timeoutMs = 60_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isPostgresReady(cluster)) return Date.now();
    if (Date.now() > deadline) throw new Error(`PostgreSQL not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * `pg_ctlcluster restart` (fast shutdown: every session is cut, then the server starts again). Returns when the
 * command did; the caller measures readiness with pg_isready.
 */
export async function restartPostgres(cluster: TCluster): Promise<{ issuedAt: number; returnedAt: number }> {
  const issuedAt = Date.now();
  await exec("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "restart"], {
    timeout: 60_000,
  });
  return { issuedAt, returnedAt: Date.now() };
}

/**
 * The same fast restart, timed to the millisecond: SIGINT to the postmaster is what `pg_ctl stop -m fast` (and so
 * `pg_ctlcluster restart`) sends — every backend is terminated at once — then `pg_ctlcluster start`. The perl
 * wrapper takes a few hundred milliseconds before it signals, long after a booking lock seen held is released.
 */
export async function restartPostgresBySignal(cluster: TCluster): Promise<{ issuedAt: number; returnedAt: number }> {
  const pid = Number(readFileSync(`${cluster.dataDirectory}/postmaster.pid`, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 1)
    throw new Error(`no postmaster pid in ${cluster.dataDirectory}/postmaster.pid`);
  const issuedAt = Date.now();
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`postmaster ${pid} still running 60 s after SIGINT`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await exec("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "start"], {
    timeout: 60_000,
  });
  return { issuedAt, returnedAt: Date.now() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Leaves PostgreSQL running whatever happened: starts the cluster when pg_isready fails. */
export async function ensurePostgresRunning(cluster: TCluster): Promise<"running" | "started"> {
  if (await isPostgresReady(cluster)) return "running";
  try {
    await exec("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "start"], {
      timeout: 60_000,
    });
  } catch (error) {
    // "already running" (it was starting) is fine; readiness below decides.
    process.stderr.write(`pg_ctlcluster start: ${(error as Error).message}\n`);
  }
  await waitPostgresReady(cluster, { timeoutMs: 60_000, intervalMs: 200 });
  return "started";
}

export function databaseUrl(adminUrl: string, database: string): string {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: "maitre-drill-admin" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const DRILL_DATABASE = /^maitre_drill_[a-z0-9_]+$/;

/** A fresh database for one round (a leftover of an earlier, interrupted run of the same name is dropped first). */
export async function createDrillDatabase(adminUrl: string, name: string): Promise<void> {
  if (!DRILL_DATABASE.test(name)) throw new Error(`refusing to create ${name}: drill databases are maitre_drill_*`);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
}

export async function dropDrillDatabase(adminUrl: string, name: string): Promise<void> {
  if (!DRILL_DATABASE.test(name)) throw new Error(`refusing to drop ${name}: drill databases are maitre_drill_*`);
  await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/** Other runs on this PostgreSQL server a restart would break: vitest, and the benchmarks (bench:pipeline). */
export async function activeDatabaseRuns(): Promise<string[]> {
  const { stdout } = await exec("ps", ["-eo", "pid=,args="]);
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /vitest|scripts\/bench\/bench-/.test(line) && !line.startsWith(`${process.pid} `));
}

/** Waits (up to maxWaitMs) until no vitest or benchmark run uses this PostgreSQL server, before restarting it. */
export async function waitForNoDatabaseRuns(maxWaitMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const runs = await activeDatabaseRuns();
    if (runs.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `vitest or a benchmark still running after ${maxWaitMs / 60_000} min; not restarting PostgreSQL under it:\n${runs.join("\n")}`,
      );
    }
    log(
      `a vitest or benchmark run is active (${runs.length} process(es)); waiting before restarting PostgreSQL under it`,
    );
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
}
