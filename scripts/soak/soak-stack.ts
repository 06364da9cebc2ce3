import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApiKey } from "@/server/auth/create-api-key";
import { hashPassword } from "@/server/auth/hash-password";
import { LARGE_DEMO_VENUE } from "@/server/demo/large-demo-venue";
import { seedDemoStaff, seedDemoVenue } from "@/server/demo/seed-demo-venue";
import type { Db } from "@/server/infra/db/open-db";
import { ROOT, spawnDrillProcess, type TDrillProcess, tail } from "../drill/drill-processes";
import { proxyUrl, type TStackConfig } from "../drill/drill-stack";

/**
 * The production shape the soak and the scale-out run measure: `next build` once, then `next start` web instances
 * (NODE_ENV=production: the demo's public accounts are refused, so the run seeds its own owner and API key) and
 * `npm run worker` processes, all on one PostgreSQL database and Redis through the local Upstash proxy.
 */

const NEXT = path.join(ROOT, "node_modules/.bin/next");
export const SOAK_SESSION_SECRET = "maitre-soak-session-secret-not-for-production-01";

/** Throttles are the operator's choice per deployment; the soak measures faults and capacity, not throttling. */
const LIMITS = {
  RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "1000000",
  RATE_LIMIT_ASSIGNMENT_PER_MINUTE: "1000000",
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000000",
};

/**
 * `next build` into distDir (skipped when `reuse` and a build is there). next build adds the build directory's
 * type globs to tsconfig.json when they are missing: the file is put back as it was.
 */
export async function buildProduction(
  distDir: string,
  { reuse, log }: { reuse: boolean; log: (line: string) => void },
): Promise<void> {
  if (reuse && existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
    log(`reusing the production build in ${distDir} (--reuse-build)`);
    return;
  }
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const started = Date.now();
  log(`next build → ${distDir} (a few minutes on two cores)`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(NEXT, ["build"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        NEXT_DIST_DIR: distDir,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (c: number | null) => resolve(c ?? 1));
  });
  if (readFileSync(tsconfigPath, "utf8") !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export type TWebOptions = {
  name: string;
  port: number;
  distDir: string;
  /** false: no inline assignment (INLINE_ASSIGN_DEADLINE_MS=0), every booking goes through its job. */
  inlineAssign: boolean;
  /** How long it may take to answer /api/health 200 (default 60 s). */
  healthyWithinMs?: number;
};

/** `next start` on 127.0.0.1:port, no job consumers in the web process; ready when /api/health answers 200. */
export async function startProductionWeb(config: TStackConfig, options: TWebOptions): Promise<TDrillProcess> {
  const proc = spawnDrillProcess({
    name: options.name,
    role: "web",
    command: NEXT,
    args: ["start", "--port", String(options.port), "--hostname", "127.0.0.1"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: process.env.TZ,
      NODE_ENV: "production",
      NEXT_DIST_DIR: options.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: SOAK_SESSION_SECRET,
      LOG_LEVEL: "warn",
      DATABASE_URL: config.databaseUrl,
      UPSTASH_REDIS_REST_URL: proxyUrl(config),
      UPSTASH_REDIS_REST_TOKEN: config.proxyToken,
      RUN_WORKER_IN_WEB: "0",
      DEMO_SEED: "0",
      ...(options.inlineAssign ? {} : { INLINE_ASSIGN_DEADLINE_MS: "0" }),
      // The production default unless the caller's environment sets another (to try a shedding limit).
      ...(process.env.MAX_IN_FLIGHT_REQUESTS ? { MAX_IN_FLIGHT_REQUESTS: process.env.MAX_IN_FLIGHT_REQUESTS } : {}),
      ...LIMITS,
    },
    logDir: config.logDir,
  });
  await waitHealthy(proc, `http://127.0.0.1:${options.port}`, options.healthyWithinMs ?? 60_000);
  return proc;
}

export async function waitHealthy(proc: TDrillProcess, baseUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exit) throw new Error(`${proc.name} exited before it was healthy:\n${tail(proc)}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} not healthy within ${timeoutMs / 1000} s:\n${tail(proc)}`);
    const status = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Worker environment overrides of the production shape (drill-stack's spawnWorker sets the rest). */
export const WORKER_LIMITS = LIMITS;

export type TSoakVenue = {
  restaurantId: string;
  slug: string;
  apiKey: string;
  staff: { email: string; password: string };
};

/**
 * The venue under load: the large demo floor (60 tables, five zones, merges) with pacing lifted, a staff owner and a
 * booking-client key made for this run (random, not the public demo credentials a production process refuses).
 */
export async function seedSoakVenue(db: Db): Promise<TSoakVenue> {
  const password = randomBytes(12).toString("base64url");
  const email = `soak-owner-${randomBytes(3).toString("hex")}@maitre-soak.test`;
  const passwordHash = await hashPassword(password);
  const seeded = await db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    const { restaurantId } = await seedDemoVenue(tx, LARGE_DEMO_VENUE, staffIds);
    const owner = await tx
      .insertInto("staff_users")
      .values({ email, display_name: "Soak Owner", password_hash: passwordHash })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("restaurant_memberships")
      .values({ staff_user_id: owner.id, restaurant_id: restaurantId, role: "owner" })
      .execute();
    const key = await createApiKey(tx, { restaurantId, name: "Soak booking client" });
    return { restaurantId, apiKey: key.key };
  });
  await db.kysely
    .updateTable("service_periods")
    .set({ pacing_covers_per_slot: null, pacing_online_covers_per_slot: null })
    .where("restaurant_id", "=", seeded.restaurantId)
    .execute();
  return { ...seeded, slug: LARGE_DEMO_VENUE.slug, staff: { email, password } };
}
