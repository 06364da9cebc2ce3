import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_API_KEYS } from "@/server/demo/demo-credentials";
import { DEMO_VENUES } from "@/server/demo/demo-venues";
import { seedDemoStaff, seedDemoVenue } from "@/server/demo/seed-demo-venue";
import { migrate, readMigrations } from "@/server/infra/db/migrate";
import { type Db, openDb } from "@/server/infra/db/open-db";
import {
  clientChecks,
  historiesOf,
  httpChecks,
  loadBookings,
  notificationChecks,
  reviewsOvertaken,
  settleFigures,
  type TClientChecks,
  type TFaultWindow,
  type TFreeTableReview,
  type THttpChecks,
  type TNotificationChecks,
  type TSettleFigures,
} from "./drill-checks";
import { killWorkerMidJob, restartPostgresWhileLocked, type TPostgresRestart, type TWorkerKill } from "./drill-faults";
import { generateLoad, notificationMismatches, overlappingAllocations } from "./drill-kit";
import { pollHealth, probeBookingRoute, runBookingLoad, type THealthSample, type THttpRecord } from "./drill-load";
import {
  createDrillDatabase,
  databaseUrl,
  dropDrillDatabase,
  ensurePostgresRunning,
  type TCluster,
} from "./drill-postgres";
import {
  crashExcerpt,
  crashSigns,
  descendantPids,
  describeExit,
  killOnPurpose,
  stopDrillProcess,
  type TDrillProcess,
  waitForOutput,
} from "./drill-processes";
import { spawnWorker, startProxy, startWeb, startWorker, type TStackConfig, webUrl } from "./drill-stack";

export type TRoundOptions = {
  round: number;
  adminUrl: string;
  cluster: TCluster;
  bookings: number;
  loadMs: number;
  /** Fault start times, ms after the load began. */
  workerKillAtMs: number;
  proxyKillAtMs: number;
  proxyDownMs: number;
  pgRestartMethod: "signal" | "pg_ctlcluster";
  faults: boolean;
  boundMs: number;
  /** How long after PostgreSQL answers again a 503 still counts as the outage's (the circuit's half-open delay). */
  graceMs: number;
  webPort: number;
  proxyPort: number;
  proxyToken: string;
  nextDistDir: string;
  date: string;
  runDir: string;
  keepDatabase: boolean;
  log: (line: string) => void;
};

export type TProcessReport = {
  name: string;
  role: TDrillProcess["role"];
  killedOnPurpose: boolean;
  /** Still running when the round ended (before the drill stopped it). */
  aliveAtEnd: boolean;
  exitBeforeStop: string | null;
  exitAfterStop: string | null;
  crashSigns: string[];
};

export type TRoundResult = {
  round: number;
  database: string;
  logDir: string;
  clients: TClientChecks;
  http: THttpChecks;
  settle: TSettleFigures;
  faults: TFaultWindow[];
  workerKill:
    | (TWorkerKill & { resumedAfterMs: number | null; resumedJobs: number; replacementReadyAfterMs: number | null })
    | null;
  proxy: {
    killAt: number;
    backAt: number;
    fallbackLogs: number;
    healthDownAfterMs: number | null;
    healthUpAfterBackMs: number | null;
    /** /api/health's redis status at the last sample of the round. */
    healthRedisAtEnd: string | null;
    /** "circuit open" limiter/lock fallback warnings logged when the redis circuit should long have been tried again. */
    circuitOpenLogsAfterHalfOpen: number;
  } | null;
  postgres: (TPostgresRestart & { lockLostLogs: number; sessionEndedLogs: number }) | null;
  overlaps: number;
  notifications: TNotificationChecks;
  overtaken: TFreeTableReview[];
  processes: TProcessReport[];
  webServerRestarted: boolean;
  failedJobs: Record<string, number>;
  loadMs: number;
  settledAfterLoadMs: number | null;
  violations: string[];
  warnings: string[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** One round: fresh database, the distributed stack, ~150 bookings over HTTP with three faults, then the checks. */
export async function runRound(options: TRoundOptions): Promise<TRoundResult> {
  const { round, log } = options;
  const database = `maitre_drill_${round}`;
  const logDir = path.join(options.runDir, `round-${round}`);
  mkdirSync(logDir, { recursive: true });
  const url = databaseUrl(options.adminUrl, database);
  const config: TStackConfig = {
    databaseUrl: url,
    proxyPort: options.proxyPort,
    proxyToken: options.proxyToken,
    webPort: options.webPort,
    logDir,
    nextDistDir: options.nextDistDir,
  };
  const processes: TDrillProcess[] = [];
  let db: Db | undefined;
  await createDrillDatabase(options.adminUrl, database);
  try {
    db = await openDb({ kind: "postgres", url, poolMax: 4, applicationName: "maitre-drill" });
    await migrate(db);
    const migrationsAtStart = readMigrations().map((m) => m.name);
    const restaurantId = await seedVenue(db);
    const apiKey = DEMO_API_KEYS["harbor-nyc"] as string;
    log(`database ${database} migrated and seeded (Harbor & Vine, pacing lifted); starting the stack`);

    let proxy = await startProxy(config, "proxy-1");
    processes.push(proxy);
    const workers = await Promise.all([startWorker(config, "worker-1"), startWorker(config, "worker-2")]);
    processes.push(...workers);
    const web = await startWeb(config, { apiKey });
    processes.push(web);
    const webPidsBefore = descendantPids(web.pid);
    log(
      `stack up: web pid ${web.pid} (server pids ${webPidsBefore.join(",")}), workers ${workers.map((w) => w.pid).join(",")}, proxy ${proxy.pid}`,
    );

    const records: THttpRecord[] = [];
    const health = pollHealth({ baseUrl: webUrl(config), records });
    const requests = generateLoad({ count: options.bookings, seed: 1600 + round });
    const t0 = Date.now();
    const at = (ms: number) => `+${((ms - t0) / 1000).toFixed(2)} s`;
    const load = runBookingLoad({
      baseUrl: webUrl(config),
      apiKey,
      date: options.date,
      requests,
      durationMs: options.loadMs,
      keyPrefix: `drill-r${round}`,
      records,
    });

    const faults: TFaultWindow[] = [];
    let workerKill: TRoundResult["workerKill"] = null;
    let proxyFault: TRoundResult["proxy"] = null;
    let postgres: TRoundResult["postgres"] = null;
    let replacementReady: Promise<number | null> = Promise.resolve(null);
    if (options.faults) {
      await sleep(t0 + options.workerKillAtMs - Date.now());
      const kill = await killWorkerMidJob({ db, workers });
      faults.push({ kind: "worker_kill", start: kill.at, end: kill.at });
      log(
        `[${at(kill.at)}] SIGKILL ${kill.victim} (pid ${kill.victimPid}) with ${kill.activeJobs.length} booking.assign job(s) active; ` +
          `${kill.targeted ? "targeted" : "UNTARGETED"}: ${kill.evidence}`,
      );
      // The operator's supervisor starts a replacement.
      const replacement = spawnWorker(config, "worker-3");
      processes.push(replacement);
      workers.push(replacement);
      replacementReady = waitForOutput(replacement, "workers started", 90_000).then(
        () => Date.now(),
        (error: unknown) => {
          log(`replacement worker did not start: ${(error as Error).message.split("\n")[0]}`);
          return null;
        },
      );
      workerKill = { ...kill, resumedAfterMs: null, resumedJobs: 0, replacementReadyAfterMs: null };

      await sleep(t0 + options.proxyKillAtMs - Date.now());
      const proxyKillAt = killOnPurpose(proxy);
      log(`[${at(proxyKillAt)}] SIGKILL the Upstash proxy for ${options.proxyDownMs / 1000} s`);
      await sleep(proxyKillAt + options.proxyDownMs - Date.now());
      proxy = await startProxy(config, "proxy-2");
      processes.push(proxy);
      const proxyBackAt = Date.now();
      faults.push({ kind: "proxy_outage", start: proxyKillAt, end: proxyBackAt });
      log(`[${at(proxyBackAt)}] proxy back (outage ${((proxyBackAt - proxyKillAt) / 1000).toFixed(2)} s)`);
      proxyFault = {
        killAt: proxyKillAt,
        backAt: proxyBackAt,
        fallbackLogs: 0,
        healthDownAfterMs: null,
        healthUpAfterBackMs: null,
        healthRedisAtEnd: null,
        circuitOpenLogsAfterHalfOpen: 0,
      };

      const restart = await restartPostgresWhileLocked({
        db,
        cluster: options.cluster,
        method: options.pgRestartMethod,
        warn: log,
      });
      faults.push({ kind: "pg_restart", start: restart.issuedAt, end: restart.readyAt });
      log(
        `[${at(restart.issuedAt)}] PostgreSQL restarted (${restart.lockSeen ? `advisory lock held ${restart.issuedAt - (restart.lockSeenAt ?? 0)} ms before` : "NO advisory lock seen within the wait"}); ` +
          `answering again after ${((restart.readyAt - restart.issuedAt) / 1000).toFixed(2)} s`,
      );
      postgres = { ...restart, lockLostLogs: 0, sessionEndedLogs: 0 };
    }

    const clients = await load;
    const loadEnd = Date.now();
    log(
      `[${at(loadEnd)}] load done: ${clients.filter((c) => c.acceptedStatus !== null).length}/${clients.length} accepted`,
    );

    // Settling: every booking of the venue out of the pipeline's hands, then every job done (emails included).
    let settledAt: number | null = null;
    const settleDeadline = Date.now() + 120_000;
    while (Date.now() < settleDeadline) {
      const rows = await loadBookings(db.kysely, restaurantId).catch(() => null);
      if (rows?.every((r) => r.settledAt !== null && r.status !== "assignment_in_progress")) {
        settledAt = Date.now();
        break;
      }
      await sleep(250);
    }
    const jobsDeadline = Date.now() + 180_000;
    let jobsLeft = -1;
    while (Date.now() < jobsDeadline) {
      const { rows } = await db
        .query<{ n: number }>(
          "select count(*)::int as n from pgboss.job where name in ('booking.assign', 'booking.notify') and state in ('created', 'retry', 'active')",
        )
        .catch(() => ({ rows: [{ n: -1 }] }));
      jobsLeft = rows[0]?.n ?? -1;
      if (jobsLeft === 0) break;
      await sleep(500);
    }
    // After a Redis outage the redis circuits may be tried again 10 s after they opened: keep the rate limiters in use
    // (authenticated probes, nothing written) until /api/health says redis is up, for at most 25 s after the proxy
    // returned, so "never up again" is not an artefact of the load ending.
    if (proxyFault) {
      const until = proxyFault.backAt + 25_000;
      while (Date.now() < until && health.samples.at(-1)?.redis !== "up") {
        await probeBookingRoute({ baseUrl: webUrl(config), apiKey, records });
        await sleep(500);
      }
    }
    await health.stop();
    const replacementReadyAt = await replacementReady;

    // Processes: alive unless killed on purpose, no crash in their output, next dev's server not restarted.
    const webPidsAfter = descendantPids(web.pid);
    const webServerRestarted = webPidsBefore.some((pid) => !webPidsAfter.includes(pid));
    const aliveAtEnd = new Map(processes.map((p) => [p, p.exit === null]));
    const exitBeforeStop = new Map(processes.map((p) => [p, p.exit ? describeExit(p.exit) : null]));
    const outputs = workers.map((w) => ({ worker: w, lines: parseLogLines(w.output()) }));

    // Figures from the logs.
    if (workerKill) {
      const kill = workerKill;
      const resumed = outputs
        .flatMap((o) => o.lines)
        .filter((l) => l.msg === "resumed jobs whose worker stopped answering" && l.time >= kill.at)
        .sort((a, b) => a.time - b.time);
      const ids = new Set(kill.activeJobs.map((j) => j.id));
      const ours = resumed.filter((l) => (l.jobs ?? []).some((j) => ids.has(j.id)));
      kill.resumedAfterMs = ours[0] ? ours[0].time - kill.at : null;
      kill.resumedJobs = ours.reduce((n, l) => n + (l.jobs ?? []).filter((j) => ids.has(j.id)).length, 0);
      kill.replacementReadyAfterMs = replacementReadyAt ? replacementReadyAt - kill.at : null;
    }
    if (proxyFault) {
      const p = proxyFault;
      p.fallbackLogs = outputs.reduce(
        (n, o) => n + o.lines.filter((l) => l.msg === "lock store failed; falling back").length,
        0,
      );
      const down = health.samples.find((s) => s.at >= p.killAt && s.redis !== null && s.redis !== "up");
      p.healthDownAfterMs = down ? down.at - p.killAt : null;
      const up = health.samples.find((s) => s.at >= p.backAt && s.redis === "up");
      p.healthUpAfterBackMs = up ? up.at - p.backAt : null;
      p.healthRedisAtEnd = health.samples.filter((s) => s.redis !== null).at(-1)?.redis ?? null;
      // The redis breakers open within a second of the kill and may be tried again 10 s later (halfOpenAfter): from
      // then on, with the proxy back, "circuit open" means no call ever tried it.
      const tryAgainAt = Math.max(p.backAt, p.killAt + 10_000) + 2000;
      p.circuitOpenLogsAfterHalfOpen = [...outputs.flatMap((o) => o.lines), ...parseLogLines(web.output())].filter(
        (l) => l.time >= tryAgainAt && (l as { reason?: string }).reason === "circuit open",
      ).length;
    }
    if (postgres) {
      const restart = postgres;
      const lines = outputs.flatMap((o) => o.lines).filter((l) => l.time >= restart.issuedAt - 1000);
      restart.lockLostLogs = lines.filter((l) => l.msg === "advisory lock lost: its database session ended").length;
      restart.sessionEndedLogs = lines.filter((l) => /connection|session/i.test(l.msg) && l.level >= 40).length;
    }

    // The database's verdict.
    const rows = await loadBookings(db.kysely, restaurantId);
    const settle = settleFigures(rows, faults, options.boundMs);
    const clientsReport = clientChecks(clients, rows);
    const pgWindow = postgres ? { start: postgres.issuedAt, end: postgres.readyAt } : null;
    const http = httpChecks(records, pgWindow, options.graceMs);
    const overlaps = (await overlappingAllocations(db.kysely)).length;
    const mismatches = (
      await notificationMismatches(
        db.kysely,
        rows.map((r) => r.id),
      )
    ).length;
    const notifications = await notificationChecks(db.kysely, restaurantId, mismatches);
    const overtaken = await reviewsOvertaken(db.kysely, restaurantId);
    const { rows: failed } = await db.query<{ name: string; n: number }>(
      "select name, count(*)::int as n from pgboss.job where state = 'failed' group by name",
    );

    const processReports: TProcessReport[] = processes.map((p) => ({
      name: p.name,
      role: p.role,
      killedOnPurpose: p.killedOnPurpose,
      aliveAtEnd: aliveAtEnd.get(p) ?? false,
      exitBeforeStop: exitBeforeStop.get(p) ?? null,
      exitAfterStop: null,
      crashSigns: crashSigns(p),
    }));

    const violations: string[] = [];
    const warnings: string[] = [];
    for (const p of processReports) {
      if (!p.killedOnPurpose && !p.aliveAtEnd) violations.push(`${p.name} died (${p.exitBeforeStop})`);
      if (p.crashSigns.length > 0) {
        const proc = processes.find((q) => q.name === p.name);
        const excerpt = proc ? crashExcerpt(proc) : null;
        violations.push(`${p.name} crashed: ${excerpt ?? p.crashSigns.join(", ")} (log: ${proc?.logPath})`);
      }
    }
    if (webServerRestarted)
      violations.push(`next dev's server process was replaced (pids ${webPidsBefore} → ${webPidsAfter})`);
    if (clientsReport.notExactlyOnce.length > 0)
      violations.push(
        `accepted bookings not stored exactly once: ${clientsReport.notExactlyOnce.slice(0, 5).join("; ")}`,
      );
    const gaveUp = clientsReport.refused.filter((r) => r.refusal.startsWith("gave up") || !r.refusal.startsWith("422"));
    if (gaveUp.length > 0)
      violations.push(
        `${gaveUp.length} booking request(s) never accepted: ${gaveUp
          .slice(0, 3)
          .map((r) => r.refusal)
          .join("; ")}`,
      );
    if (clientsReport.unsettled.length > 0)
      violations.push(
        `${clientsReport.unsettled.length} booking(s) not settled: ${clientsReport.unsettled
          .slice(0, 5)
          .map((u) => `${u.reference} ${u.status}`)
          .join(", ")}`,
      );
    if (clientsReport.reviewsWithoutReason.length > 0)
      violations.push(`reviews without a reason: ${clientsReport.reviewsWithoutReason.join(", ")}`);
    for (const over of settle.overBound)
      violations.push(
        `${over.reference} settled ${(over.attributedMs / 1000).toFixed(2)} s after ${over.fault ?? "its creation"} (bound ${options.boundMs / 1000} s)`,
      );
    if (overlaps > 0) violations.push(`${overlaps} overlapping allocation pair(s)`);
    if (notifications.mismatches > 0)
      violations.push(`${notifications.mismatches} confirmed booking(s) without exactly one email`);
    if (notifications.duplicates > 0)
      violations.push(`${notifications.duplicates} (booking, kind) pair(s) with several notifications`);
    if (notifications.stray > 0) violations.push(`${notifications.stray} notification(s) for bookings not confirmed`);
    if (overtaken.length > 0) {
      const reviewed = new Set(overtaken.map((o) => o.reviewed));
      violations.push(
        `${reviewed.size} reviewed booking(s) overtaken by a later one on a table that fitted: ${overtaken
          .slice(0, 4)
          .map(
            (o) =>
              `${o.reviewed} (${o.party}p, ${o.reason}) ← ${o.later} on ${o.tables}${o.laterSettledFirst ? " [later placed first]" : ""}`,
          )
          .join("; ")}`,
      );
    }
    violations.push(...http.violations.slice(0, 10));
    if (http.violations.length > 10) violations.push(`… and ${http.violations.length - 10} more 5xx violations`);
    if (settledAt === null) violations.push("bookings still unsettled 120 s after the load");
    if (jobsLeft !== 0)
      violations.push(`booking.assign/notify jobs still unfinished 180 s after settling (${jobsLeft})`);
    if (workerKill && !workerKill.targeted)
      warnings.push("the worker was killed without a booking's work seen in flight");
    if (workerKill && workerKill.resumedJobs === 0)
      warnings.push("no job of the killed worker was seen resumed (none stranded?)");
    if (proxyFault && proxyFault.healthUpAfterBackMs === null) {
      warnings.push(
        `/api/health never reported redis up again after the proxy came back (${proxyFault.healthRedisAtEnd} at the end); ` +
          `${proxyFault.circuitOpenLogsAfterHalfOpen} "circuit open" fallback warning(s) logged after the circuit was due a trial`,
      );
    }
    const addedMigrations = readMigrations()
      .map((m) => m.name)
      .filter((name) => !migrationsAtStart.includes(name));
    if (addedMigrations.length > 0) {
      warnings.push(
        `supabase/migrations changed during the round (${addedMigrations.join(", ")} added): /api/health answers 503 ` +
          "for this round's database from then on — a change of the working tree, not an effect of the faults",
      );
    }
    if (postgres && !postgres.lockSeen)
      warnings.push("no advisory lock was seen held right before the PostgreSQL restart");
    if (postgres && postgres.lockLostLogs === 0)
      warnings.push("no worker reported a held advisory lock lost at the restart");

    const result: TRoundResult = {
      round,
      database,
      logDir,
      clients: clientsReport,
      http,
      settle,
      faults,
      workerKill,
      proxy: proxyFault,
      postgres,
      overlaps,
      notifications,
      overtaken,
      processes: processReports,
      webServerRestarted,
      failedJobs: Object.fromEntries(failed.map((f) => [f.name, f.n])),
      loadMs: loadEnd - t0,
      settledAfterLoadMs: settledAt === null ? null : settledAt - loadEnd,
      violations,
      warnings,
    };
    // Evidence for whoever digs into a failure: the histories of every booking named above, and the raw records.
    const named = new Set([
      ...settle.overBound.map((o) => o.reference),
      ...overtaken.flatMap((o) => [o.reviewed, o.later]),
      ...clientsReport.unsettled.map((u) => u.reference),
    ]);
    writeFileSync(
      path.join(logDir, "evidence.json"),
      JSON.stringify(
        {
          result,
          t0,
          histories: await historiesOf(db.kysely, [...named]),
          health: health.samples as THealthSample[],
          http: records,
        },
        null,
        1,
      ),
    );
    return result;
  } finally {
    const stopped = await Promise.all(processes.map(async (p) => [p, await stopDrillProcess(p)] as const));
    for (const [p, exit] of stopped)
      log(`stopped ${p.name}: ${describeExit(exit)}${p.killedOnPurpose ? " (killed on purpose)" : ""}`);
    await db?.close().catch(() => undefined);
    await ensurePostgresRunning(options.cluster);
    if (!options.keepDatabase)
      await dropDrillDatabase(options.adminUrl, database).catch((e: unknown) =>
        log(`drop ${database}: ${(e as Error).message}`),
      );
  }
}

async function seedVenue(db: Db): Promise<string> {
  const venue = DEMO_VENUES.find((v) => v.slug === "harbor-nyc");
  if (!venue) throw new Error("demo venue harbor-nyc not found");
  const restaurantId = await db.transaction(async (tx) => {
    const staffIds = await seedDemoStaff(tx);
    return (await seedDemoVenue(tx, venue, staffIds)).restaurantId;
  });
  // As the pipeline benchmark does: every request becomes a booking (the drill tests faults, not pacing refusals).
  await db.kysely
    .updateTable("service_periods")
    .set({ pacing_covers_per_slot: null, pacing_online_covers_per_slot: null })
    .where("restaurant_id", "=", restaurantId)
    .execute();
  return restaurantId;
}

type TLogLine = { time: number; level: number; msg: string; jobs?: Array<{ id: string; name: string }> };

function parseLogLines(output: string): TLogLine[] {
  const lines: TLogLine[] = [];
  for (const text of output.split("\n")) {
    if (!text.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(text) as Partial<TLogLine>;
      if (typeof parsed.time === "number" && typeof parsed.msg === "string") lines.push(parsed as TLogLine);
    } catch {
      // not a log line
    }
  }
  return lines;
}
