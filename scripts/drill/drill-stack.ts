import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, spawnDrillProcess, type TDrillProcess, tail, waitForOutput } from "./drill-processes";

/** Where the round's processes meet: its database, the proxy, the web port. Loopback only. */
export type TStackConfig = {
  databaseUrl: string;
  proxyPort: number;
  proxyToken: string;
  webPort: number;
  logDir: string;
  /** next dev's build directory: one tsconfig.json already lists (next dev adds a new one's types to it). */
  nextDistDir: string;
};

const BASE_ENV = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ });

// The operator's limits would throttle a 150-booking burst on one API key and one venue on purpose; the drill
// tests faults, not throttling.
const LIMITS = {
  RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "1000000",
  RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "1000000",
};

export const proxyUrl = (config: TStackConfig) => `http://127.0.0.1:${config.proxyPort}`;
export const webUrl = (config: TStackConfig) => `http://127.0.0.1:${config.webPort}`;

/** `npm run upstash:local` in front of Redis (127.0.0.1:6379 unless REDIS_URL says otherwise). */
export async function startProxy(config: TStackConfig, name: string): Promise<TDrillProcess> {
  const proc = spawnDrillProcess({
    name,
    role: "proxy",
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      path.join(ROOT, "scripts/upstash-local.ts"),
      "--host",
      "127.0.0.1",
      "--port",
      String(config.proxyPort),
      "--token",
      config.proxyToken,
    ],
    env: { ...BASE_ENV(), REDIS_URL: process.env.REDIS_URL },
    logDir: config.logDir,
  });
  await waitForOutput(proc, "Upstash-compatible proxy on", 30_000);
  return proc;
}

/** `npm run worker` (scripts/worker.ts): ready once it logged "workers started". */
export function spawnWorker(config: TStackConfig, name: string): TDrillProcess {
  return spawnDrillProcess({
    name,
    role: "worker",
    command: process.execPath,
    args: ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")],
    env: {
      ...BASE_ENV(),
      NODE_ENV: "production",
      SESSION_SECRET: "maitre-fault-drill-session-secret-0000000001",
      LOG_LEVEL: "info",
      DATABASE_URL: config.databaseUrl,
      UPSTASH_REDIS_REST_URL: proxyUrl(config),
      UPSTASH_REDIS_REST_TOKEN: config.proxyToken,
      ...LIMITS,
    },
    logDir: config.logDir,
  });
}

export async function startWorker(config: TStackConfig, name: string): Promise<TDrillProcess> {
  const proc = spawnWorker(config, name);
  await waitForOutput(proc, "workers started", 90_000);
  return proc;
}

/**
 * The web tier: `next dev` (a production build takes minutes on this machine) with its own build directory, no
 * job consumers (RUN_WORKER_IN_WEB=0) and no inline assignment (INLINE_ASSIGN_DEADLINE_MS=0): every booking is
 * handed to the workers through its outbox job. Ready = /api/health 200 and POST /api/bookings compiled.
 */
export async function startWeb(config: TStackConfig, { apiKey }: { apiKey: string }): Promise<TDrillProcess> {
  const proc = spawnDrillProcess({
    name: "web",
    role: "web",
    command: path.join(ROOT, "node_modules/.bin/next"),
    args: ["dev", "--port", String(config.webPort), "--hostname", "127.0.0.1"],
    env: {
      ...BASE_ENV(),
      NODE_ENV: "development",
      NEXT_DIST_DIR: config.nextDistDir,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "info",
      DATABASE_URL: config.databaseUrl,
      UPSTASH_REDIS_REST_URL: proxyUrl(config),
      UPSTASH_REDIS_REST_TOKEN: config.proxyToken,
      RUN_WORKER_IN_WEB: "0",
      INLINE_ASSIGN_DEADLINE_MS: "0",
      DEMO_SEED: "0",
      ...LIMITS,
    },
    logDir: config.logDir,
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exit) throw new Error(`next dev exited before it was healthy:\n${tail(proc)}`);
    if (Date.now() > deadline) throw new Error(`next dev not healthy within 180 s:\n${tail(proc)}`);
    const status = await fetch(`${webUrl(config)}/api/health`, { signal: AbortSignal.timeout(60_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Compile the booking route before the clock starts: an invalid body is refused (400) after authentication,
  // and writes nothing.
  const warm = await fetch(`${webUrl(config)}/api/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ partySize: 0 }),
    signal: AbortSignal.timeout(120_000),
  });
  if (warm.status !== 400) throw new Error(`warm-up POST /api/bookings answered ${warm.status}: ${await warm.text()}`);
  return proc;
}

/**
 * next dev appends its build directory's type globs (`<distDir>/types/...` and `<distDir>/dev/types/...`) to
 * tsconfig.json's include when they are missing: the drill must not edit tsconfig.json, so it only runs with a build directory already listed there.
 */
export function assertDistDirListed(distDir: string): void {
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { include?: string[] };
  const wanted = [`${distDir}/types/**/*.ts`, `${distDir}/dev/types/**/*.ts`];
  const missing = wanted.filter((pattern) => !tsconfig.include?.includes(pattern));
  if (missing.length > 0) {
    throw new Error(
      `next dev would add ${missing.join(", ")} to tsconfig.json; use a build directory it already lists ` +
        "(--next-dist-dir .next-smoke or .next)",
    );
  }
}

/** Nothing else may answer on the drill's ports (an old next dev would pass the health check for ours). */
export async function assertPortFree(port: number): Promise<void> {
  const { createServer } = await import("node:net");
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new Error(`port ${port} on 127.0.0.1 is in use: pick another (--web-port/--proxy-port)`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}
