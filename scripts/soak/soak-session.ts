import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrate } from "@/server/infra/db/migrate";
import { type Db, openDb } from "@/server/infra/db/open-db";
import { killWorkerMidJob, restartPostgresWhileLocked } from "../drill/drill-faults";
import { pollHealth, type THealthSample, type THttpRecord } from "../drill/drill-load";
import {
  createDrillDatabase,
  databaseUrl,
  dropDrillDatabase,
  ensurePostgresRunning,
  type TCluster,
} from "../drill/drill-postgres";
import {
  crashExcerpt,
  describeExit,
  killOnPurpose,
  stopDrillProcess,
  type TDrillProcess,
  waitForOutput,
} from "../drill/drill-processes";
import { spawnWorker, startProxy } from "../drill/drill-stack";
import { checkInvariants, type TInvariantReport } from "../invariants/invariant-queries";
import type { TLoadReport } from "../load/load-types";
import { runMixedLoad } from "../load/run-mixed-load";
import { runBookingBurst } from "./booking-burst";
import { seedSoakVenue, startProductionWeb, type TSoakVenue, waitHealthy } from "./soak-stack";

/** What runs: web instances (next start) and worker processes, all on one database, Redis through the proxy. */
export type TStackShape = { webs: number; workers: number; inlineAssign: boolean };

export type TFaultKind = "worker_kill" | "proxy_outage" | "pg_restart" | "web_restart";

/** A fault as it happened: when it was injected, when the system was whole again, and when errors stopped. */
export type TFaultRecord = {
  kind: TFaultKind;
  /** Injected (ms epoch). */
  start: number;
  /** The injected outage ended: the process/service is back (replacement ready, proxy/PostgreSQL/web answering). */
  end: number;
  /** The last failed answer (5xx, timeout, connection error) attributable to it; null when clients saw none. */
  lastErrorAt: number | null;
  detail: string;
};

export type TSessionOptions = {
  name: string;
  adminUrl: string;
  cluster: TCluster;
  shape: TStackShape;
  rate: number;
  /** At the steady rate, after the ramp. */
  durationMs: number;
  /** Linear ramp up to the rate before the steady part (see TLoadOptions.rampMs). */
  rampMs: number;
  dates: string[];
  staffCount: number;
  seed: number;
  /** Faults injected in turn at these fractions of the steady part (after the ramp; empty: none). */
  faults: ReadonlyArray<{ kind: TFaultKind; at: number }>;
  proxyDownMs: number;
  webPort: number;
  proxyPort: number;
  distDir: string;
  runDir: string;
  keepDatabase: boolean;
  /** After the load has settled: booking clients posting back to back for a while (a backlog for the workers). */
  burst?: { clients: number; durationMs: number };
  log: (line: string) => void;
};

/**
 * The burst after the load: the web tier takes bookings while the workers are stopped (a backlog, as after a
 * worker outage or a surge), then the shape's workers start again and drain it alone.
 */
export type TBurstFigures = {
  created: number;
  createdPerSecond: number;
  /** The backlog over the time from every worker up again until every booking settled: the workers' rate. */
  drainedPerSecond: number;
  /** From every worker up again until every booking and job settled; null: not within 3 minutes. */
  drainMs: number | null;
  /** Answers by status ("no answer": timeout or connection error). */
  statuses: Record<string, number>;
};

export type TSessionResult = {
  name: string;
  shape: TStackShape;
  report: TLoadReport;
  faults: TFaultRecord[];
  invariants: TInvariantReport;
  /** 5xx answers outside every injected outage window (+ grace): must be 0. */
  unexpected5xx: number;
  /** Bookings created during the load / settled (out of the pipeline's hands) per second of load. */
  bookings: { created: number; settledPerSecond: number; drainMs: number | null; byStatus: Record<string, number> };
  /** Processes that died without being killed on purpose, or logged a crash. */
  crashes: string[];
  health: THealthSample[];
  burst: TBurstFigures | null;
};

/** After an outage ends, answers may still fail this long (a circuit's half-open delay, a client's back-off). */
export const OUTAGE_GRACE_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * One load session on a fresh database: seed, start the shape, run the mixed load with the faults injected in turn,
 * wait until every booking settled and every job finished, then the invariants (read-only) and the figures.
 */
export async function runSession(options: TSessionOptions): Promise<TSessionResult> {
  const { log } = options;
  const database = `maitre_drill_${options.name.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`;
  const logDir = path.join(options.runDir, options.name);
  mkdirSync(logDir, { recursive: true });
  const url = databaseUrl(options.adminUrl, database);
  const config = {
    databaseUrl: url,
    proxyPort: options.proxyPort,
    proxyToken: "soak-local-token",
    webPort: options.webPort,
    logDir,
    nextDistDir: options.distDir,
  };
  const processes: TDrillProcess[] = [];
  let db: Db | undefined;
  await createDrillDatabase(options.adminUrl, database);
  try {
    db = await openDb({ kind: "postgres", url, poolMax: 4, applicationName: "maitre-soak" });
    await migrate(db);
    const venue: TSoakVenue = await seedSoakVenue(db);
    log(`${options.name}: database ${database} migrated, ${venue.slug} seeded (pacing lifted); starting the stack`);

    let proxy = await startProxy(config, "proxy-1");
    processes.push(proxy);
    const workers: TDrillProcess[] = [];
    const startWorker = async (name: string) => {
      const worker = spawnWorker(config, name);
      processes.push(worker);
      workers.push(worker);
      await waitForOutput(worker, "workers started", 90_000);
      return worker;
    };
    await Promise.all(Array.from({ length: options.shape.workers }, (_, i) => startWorker(`worker-${i + 1}`)));
    const webPorts = Array.from({ length: options.shape.webs }, (_, i) => options.webPort + i);
    const webs = new Map<number, TDrillProcess>();
    const startWeb = async (port: number, name: string, healthyWithinMs?: number) => {
      const web = await startProductionWeb(config, {
        name,
        port,
        distDir: options.distDir,
        inlineAssign: options.shape.inlineAssign,
        ...(healthyWithinMs ? { healthyWithinMs } : {}),
      });
      processes.push(web);
      webs.set(port, web);
      return web;
    };
    for (const [i, port] of webPorts.entries()) await startWeb(port, `web-${i + 1}`);
    const urls = webPorts.map((port) => `http://127.0.0.1:${port}`);
    log(`${options.name}: stack up — ${urls.join(", ")}; ${workers.length} worker(s)`);

    const healthRecords: THttpRecord[] = [];
    const health = pollHealth({ baseUrl: urls[0] as string, records: healthRecords });
    const t0 = Date.now();
    const at = (ms: number) => `+${((ms - t0) / 1000).toFixed(1)} s`;
    let lastProgress = 0;
    const load = runMixedLoad({
      urls,
      rate: options.rate,
      durationMs: options.durationMs,
      rampMs: options.rampMs,
      apiKey: venue.apiKey,
      staff: venue.staff,
      staffCount: options.staffCount,
      restaurantId: venue.restaurantId,
      date: options.dates[0] as string,
      dates: options.dates,
      seed: options.seed,
      onProgress: (p) => {
        if (p.elapsedMs - lastProgress < 30_000) return;
        lastProgress = p.elapsedMs;
        log(`${options.name}: ${at(t0 + p.elapsedMs)} sent ${p.sent}, answered ${p.answered}, in flight ${p.inFlight}`);
      },
    });

    const faults: TFaultRecord[] = [];
    const pendingReplacements: Promise<unknown>[] = [];
    for (const fault of [...options.faults].sort((a, b) => a.at - b.at)) {
      await sleep(t0 + options.rampMs + fault.at * options.durationMs - Date.now());
      if (fault.kind === "worker_kill") {
        const kill = await killWorkerMidJob({ db, workers });
        log(
          `${options.name}: [${at(kill.at)}] SIGKILL ${kill.victim} (${kill.targeted ? "mid-job" : "untargeted"}); replacement started`,
        );
        const record: TFaultRecord = {
          kind: "worker_kill",
          start: kill.at,
          end: kill.at,
          lastErrorAt: null,
          detail: kill.evidence,
        };
        faults.push(record);
        pendingReplacements.push(
          startWorker(`worker-r${faults.length}`).then(() => {
            record.end = Date.now();
          }),
        );
      } else if (fault.kind === "proxy_outage") {
        const start = killOnPurpose(proxy);
        log(`${options.name}: [${at(start)}] SIGKILL the Upstash proxy for ${options.proxyDownMs / 1000} s`);
        await sleep(start + options.proxyDownMs - Date.now());
        proxy = await startProxy(config, `proxy-${faults.length + 2}`);
        processes.push(proxy);
        faults.push({
          kind: "proxy_outage",
          start,
          end: Date.now(),
          lastErrorAt: null,
          detail: "locks fell back to PostgreSQL",
        });
        log(`${options.name}: [${at(Date.now())}] proxy back`);
      } else if (fault.kind === "pg_restart") {
        const restart = await restartPostgresWhileLocked({ db, cluster: options.cluster, method: "signal", warn: log });
        faults.push({
          kind: "pg_restart",
          start: restart.issuedAt,
          end: restart.readyAt,
          lastErrorAt: null,
          detail: restart.lockSeen ? "restarted while a booking lock was held" : "restarted (no lock seen held)",
        });
        log(
          `${options.name}: [${at(restart.issuedAt)}] PostgreSQL restarted; answering after ${((restart.readyAt - restart.issuedAt) / 1000).toFixed(2)} s`,
        );
      } else {
        const port = webPorts[0] as number;
        const victim = webs.get(port) as TDrillProcess;
        const start = killOnPurpose(victim);
        log(`${options.name}: [${at(start)}] SIGKILL ${victim.name}; restarting it`);
        await victim.exited;
        // Cold, under the full load and its retries: give it time, the figures say how long it took.
        const web = await startWeb(port, `${victim.name}-r`, 180_000);
        const end = await waitHealthy(web, `http://127.0.0.1:${port}`, 180_000);
        faults.push({
          kind: "web_restart",
          start,
          end,
          lastErrorAt: null,
          detail: `${victim.name} SIGKILLed, next start again`,
        });
        log(`${options.name}: [${at(end)}] ${victim.name} back after ${((end - start) / 1000).toFixed(2)} s`);
      }
    }
    const report = await load;
    await Promise.all(pendingReplacements);
    const loadEnd = Date.now();
    log(
      `${options.name}: load done — ${report.answered}/${report.sent} answered, ${report.accepted.length} bookings accepted`,
    );

    const drain = await waitSettled(db, venue.restaurantId, loadEnd);
    const { rows: statusRows } = await db.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from bookings where restaurant_id = $1 group by status",
      [venue.restaurantId],
    );
    let burst: TBurstFigures | null = null;
    const burstAccepted: TLoadReport["accepted"] = [];
    if (options.burst) {
      // Workers down first (gracefully: they are idle), so the backlog is drained by a known number of them.
      for (const worker of workers.filter((w) => !w.exit)) {
        worker.killedOnPurpose = true;
        await stopDrillProcess(worker);
      }
      log(
        `${options.name}: burst — workers stopped; ${options.burst.clients} booking clients back to back for ${options.burst.durationMs / 1000} s`,
      );
      const run = await runBookingBurst({
        urls,
        apiKey: venue.apiKey,
        dates: options.dates,
        clients: options.burst.clients,
        durationMs: options.burst.durationMs,
        seed: options.seed + 1,
        keyPrefix: `${options.name}-burst-${t0}`,
      });
      await Promise.all(Array.from({ length: options.shape.workers }, (_, i) => startWorker(`worker-b${i + 1}`)));
      const drainFrom = Date.now();
      const settled = await waitSettled(db, venue.restaurantId, drainFrom);
      burstAccepted.push(...run.accepted);
      const created = new Set(run.accepted.map((a) => a.reference)).size;
      const drainMs = settled.settledAt === null ? null : Math.max(1, settled.settledAt - drainFrom);
      burst = {
        created,
        createdPerSecond: created / ((run.endedAt - run.startedAt) / 1000),
        drainedPerSecond: drainMs === null ? 0 : created / (drainMs / 1000),
        drainMs,
        statuses: run.statuses,
      };
      log(
        `${options.name}: burst — ${created} bookings created (${burst.createdPerSecond.toFixed(1)}/s); ${options.shape.workers} worker(s) drained them in ${drainMs === null ? "NOT 3 min" : `${(drainMs / 1000).toFixed(1)} s`} (${burst.drainedPerSecond.toFixed(1)}/s)`,
      );
    }
    await health.stop();
    const invariants = await checkInvariants(db, {
      restaurantId: venue.restaurantId,
      accepted: { accepted: [...report.accepted, ...burstAccepted], cancelled: report.cancelled },
    });
    const byStatus = Object.fromEntries(statusRows.map((r) => [r.status, r.n]));
    const created = statusRows.reduce((n, r) => n + r.n, 0);
    attributeErrors(report, faults);
    const unexpected5xx = report.incidents.filter(
      (i) => (i.errorClass === "server_5xx" || i.errorClass === "unavailable_503") && !insideOutage(i.at, faults),
    ).length;
    const crashes = processes
      .filter((p) => (!p.killedOnPurpose && p.exit) || crashExcerpt(p))
      .map((p) => `${p.name}: ${p.exit ? describeExit(p.exit) : ""} ${crashExcerpt(p) ?? ""} (log ${p.logPath})`);
    const loadSeconds = (loadEnd - t0) / 1000;
    const result: TSessionResult = {
      name: options.name,
      shape: options.shape,
      report,
      faults,
      invariants,
      unexpected5xx,
      bookings: {
        created,
        settledPerSecond: drain.settledAt === null ? 0 : created / ((drain.settledAt - t0) / 1000),
        drainMs: drain.settledAt === null ? null : Math.max(0, drain.settledAt - loadEnd),
        byStatus,
      },
      crashes,
      health: health.samples,
      burst,
    };
    writeFileSync(path.join(logDir, "result.json"), JSON.stringify({ ...result, loadSeconds }, null, 1));
    return result;
  } finally {
    await Promise.all(processes.map((p) => stopDrillProcess(p)));
    await db?.close().catch(() => undefined);
    await ensurePostgresRunning(options.cluster);
    if (!options.keepDatabase) await dropDrillDatabase(options.adminUrl, database).catch(() => undefined);
  }
}

/** Every booking out of the pipeline's hands and every assignment/email job finished (bounded: 3 minutes). */
async function waitSettled(db: Db, restaurantId: string, since: number): Promise<{ settledAt: number | null }> {
  const deadline = since + 180_000;
  while (Date.now() < deadline) {
    const { rows } = await db
      .query<{ unsettled: number; jobs: number }>(
        `select (select count(*)::int from bookings where restaurant_id = $1
                  and status in ('assignment_pending', 'assignment_in_progress')) as unsettled,
                (select count(*)::int from pgboss.job where name in ('booking.assign', 'booking.notify')
                  and state in ('created', 'retry', 'active')) as jobs`,
        [restaurantId],
      )
      .catch(() => ({ rows: [] as Array<{ unsettled: number; jobs: number }> }));
    const row = rows[0];
    if (row && row.unsettled === 0 && row.jobs === 0) return { settledAt: Date.now() };
    await sleep(250);
  }
  return { settledAt: null };
}

/** Each failed answer is the fault's whose outage window (plus grace) it fell in; the fault's lastErrorAt is the latest. */
function attributeErrors(report: TLoadReport, faults: TFaultRecord[]): void {
  for (const incident of report.incidents) {
    const fault = faults.find((f) => incident.at >= f.start && incident.at <= f.end + OUTAGE_GRACE_MS);
    if (fault) fault.lastErrorAt = Math.max(fault.lastErrorAt ?? 0, incident.at);
  }
}

/** Only PostgreSQL and web outages may answer 5xx (503 while the database is away); the others must not. */
function insideOutage(at: number, faults: readonly TFaultRecord[]): boolean {
  return faults.some(
    (f) => (f.kind === "pg_restart" || f.kind === "web_restart") && at >= f.start && at <= f.end + OUTAGE_GRACE_MS,
  );
}
