/**
 * The app the browser suite runs against when no E2E_BASE_URL is given (playwright.config.ts's webServer): the
 * production build (`next build` into .next-e2e, apart from a developer's .next) served by `next start` on
 * 127.0.0.1:$E2E_PORT, on a fresh embedded database in a temporary DATA_DIR that the seed fills with the demo data
 * and the large demo venue (MAITRE_DEMO_LARGE_VENUE=1: 60 tables, 250+ bookings today). NODE_ENV=test: a
 * production build whose process still accepts the public demo accounts (NODE_ENV=production refuses them, see
 * the README). The database settings of the caller's shell are dropped, so the run never touches a shared one.
 * On SIGTERM/SIGINT (Playwright's shutdown) it stops the server and deletes the data directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT = path.join(ROOT, "node_modules/.bin/next");
const port = process.env.E2E_PORT ?? "3700";
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "maitre-e2e-"));

const DROPPED = [
  "DATABASE_URL",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "NEXT_PUBLIC_SUPABASE_URL",
  "NEXT_PUBLIC_SUPABASE_ANON_KEY",
  "SUPABASE_JWT_SECRET",
  "SMTP_URL",
  "DEMO_SEED",
  "RUN_WORKER_IN_WEB",
];
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !DROPPED.includes(key))),
  NODE_ENV: "test",
  NEXT_DIST_DIR: distDir,
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  MAITRE_DEMO_LARGE_VENUE: "1",
};

let child: ChildProcess | undefined;
let stopping = false;

function log(line: string): void {
  process.stdout.write(`[e2e server] ${line}\n`);
}

function run(args: string[]): ChildProcess {
  child = spawn(NEXT, args, { cwd: ROOT, env, stdio: "inherit" });
  return child;
}

function cleanUp(): void {
  rmSync(dataDir, { recursive: true, force: true });
}

async function stop(code: number): Promise<never> {
  stopping = true;
  const running = child;
  if (running && running.exitCode === null && running.signalCode === null) {
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  cleanUp();
  process.exit(code);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stop(0));

/**
 * `next build` adds its build directory's type globs to tsconfig.json when they are missing; the e2e build
 * directory is a test artefact, so the file is put back as it was (add ".next-e2e/types/**\/*.ts" to tsconfig's
 * include to silence this for good).
 */
async function build(): Promise<void> {
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const started = performance.now();
  log(`next build → ${distDir} (NODE_ENV=test)`);
  const code = await new Promise<number>((resolve) => run(["build"]).once("exit", (c) => resolve(c ?? 1)));
  if (readFileSync(tsconfigPath, "utf8") !== tsconfig) {
    writeFileSync(tsconfigPath, tsconfig);
    log(`tsconfig.json restored (next build had added ${distDir}'s type globs)`);
  }
  if (code !== 0) {
    log(`next build failed (exit ${code})`);
    await stop(code);
  }
  log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === "1") log(`E2E_SKIP_BUILD=1: serving the existing ${distDir}`);
  else await build();
  if (stopping) return;
  log(`next start on http://127.0.0.1:${port}, DATA_DIR=${dataDir} (demo data + large venue)`);
  const server = run(["start", "--hostname", "127.0.0.1", "--port", port]);
  server.once("exit", (code, signal) => {
    if (stopping) return;
    log(`next start exited (${signal ?? code})`);
    cleanUp();
    process.exit(code ?? 1);
  });
}

main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
});
