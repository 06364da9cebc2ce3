import type { Db } from "@/server/infra/db/open-db";
import {
  isPostgresReady,
  restartPostgres,
  restartPostgresBySignal,
  type TCluster,
  waitPostgresReady,
} from "./drill-postgres";
import { killOnPurpose, socketPortsByPid, type TDrillProcess } from "./drill-processes";

export type TWorkerKill = {
  at: number;
  victim: string;
  victimPid: number;
  /** How the victim was chosen: one of its database sessions was inside a booking's work at that instant. */
  targeted: boolean;
  evidence: string;
  /** booking.assign jobs active (anywhere) at the kill. */
  activeJobs: Array<{ id: string; bookingId: string }>;
};

type TActivity = {
  jobs: Array<{ id: string; bookingId: string }>;
  sessions: Array<{ port: number; state: string; query: string; agoMs: number }>;
};

// One round trip: the active assignment jobs whose booking is still owed a placement, and the app's sessions whose
// last statement, begun a moment ago, was an assignment's claim (the compare-and-set, transition_booking; the commit
// is another function). The worker behind such a session has just claimed that booking and is about to snapshot,
// plan and commit it. Later moments are too late: a few milliseconds after the snapshot its COMMIT is already out
// when the kill lands, and nothing is stranded.
const ACTIVITY = `
  select
    (select coalesce(json_agg(json_build_object('id', j.id, 'bookingId', j.data->>'bookingId')), '[]'::json)
       from pgboss.job j join bookings b on b.id = (j.data->>'bookingId')::uuid
      where j.name = 'booking.assign' and j.state = 'active'
        and b.status in ('assignment_pending', 'assignment_in_progress')) as jobs,
    (select coalesce(json_agg(s), '[]'::json) from (
       select a.client_port as port, a.state, left(a.query, 120) as query,
              round(extract(epoch from clock_timestamp() - a.query_start) * 1000) as "agoMs"
         from pg_stat_activity a
        where a.datname = current_database() and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'
          and a.application_name = 'maitre' and a.client_port is not null
          and a.query_start > clock_timestamp() - interval '25 milliseconds'
          and a.query like '%transition_booking(%'
          and (a.state = 'idle' or a.state = 'active')
       ) s) as sessions`;

/**
 * SIGKILL a worker in the middle of a booking's assignment: poll until a booking.assign job of an unplaced booking is
 * active AND one worker's pool session has just claimed a booking (mapping the session's client port to the worker's
 * sockets), then kill that worker. After timeoutMs without such a moment, the first
 * worker is killed anyway (reported untargeted).
 */
export async function killWorkerMidJob({
  db,
  workers,
  timeoutMs = 5000,
}: {
  db: Db;
  workers: TDrillProcess[];
  timeoutMs?: number;
}): Promise<TWorkerKill> {
  const alive = workers.filter((w) => !w.exit);
  const deadline = Date.now() + timeoutMs;
  let last: TActivity = { jobs: [], sessions: [] };
  while (Date.now() < deadline) {
    try {
      const { rows } = await db.query<TActivity>(ACTIVITY);
      last = rows[0] ?? last;
    } catch {
      last = { jobs: [], sessions: [] };
    }
    if (last.jobs.length > 0 && last.sessions.length > 0) {
      const owners = socketPortsByPid(alive.map((w) => w.pid));
      for (const session of last.sessions) {
        const pid = owners.get(session.port);
        const victim = alive.find((w) => w.pid === pid);
        if (!victim) continue;
        const at = killOnPurpose(victim);
        return {
          at,
          victim: victim.name,
          victimPid: victim.pid,
          targeted: true,
          evidence: `its session :${session.port} (${session.state}) began ${session.agoMs} ms earlier: ${session.query.replace(/\s+/g, " ").trim().slice(0, 50)}`,
          activeJobs: last.jobs,
        };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const victim = alive[0];
  if (!victim) throw new Error("no live worker to kill");
  const at = killOnPurpose(victim);
  return {
    at,
    victim: victim.name,
    victimPid: victim.pid,
    targeted: false,
    evidence: "no worker session seen inside a booking's work",
    activeJobs: last.jobs,
  };
}

export type TPostgresRestart = {
  /** An advisory lock of the app's lock pool was seen granted just before the restart. */
  lockSeen: boolean;
  lockSeenAt: number | null;
  issuedAt: number;
  /** First pg_isready failure after the command was issued (null: never seen down between two polls). */
  downAt: number | null;
  returnedAt: number;
  readyAt: number;
};

const HELD_ADVISORY_LOCKS = `
  select count(*)::int as n
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
   where l.locktype = 'advisory' and l.granted and a.datname = current_database()
     and a.application_name = 'maitre-locks'`;

/**
 * Restart PostgreSQL the moment a booking lock is held in it (the advisory-lock fallback, right after a Redis
 * outage), waiting at most lockWaitMs for one; the outage ends when pg_isready succeeds.
 */
export async function restartPostgresWhileLocked({
  db,
  cluster,
  lockWaitMs = 2500,
  method,
  warn,
}: {
  db: Db;
  cluster: TCluster;
  lockWaitMs?: number;
  /** `signal`: SIGINT to the postmaster the instant a lock is seen, then start; `pg_ctlcluster`: its restart. */
  method: "signal" | "pg_ctlcluster";
  warn: (line: string) => void;
}): Promise<TPostgresRestart> {
  warn(
    `WARNING: restarting PostgreSQL ${cluster.version}/${cluster.name} within ${lockWaitMs / 1000} s (${method}): ` +
      "every session on this server is cut, other engineers' test runs included",
  );
  const deadline = Date.now() + lockWaitMs;
  let lockSeenAt: number | null = null;
  while (Date.now() < deadline && lockSeenAt === null) {
    const { rows } = await db.query<{ n: number }>(HELD_ADVISORY_LOCKS).catch(() => ({ rows: [] }));
    if ((rows[0]?.n ?? 0) > 0) lockSeenAt = Date.now();
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // pg_isready beside the restart command: when the server stopped answering, and when it answered again.
  let downAt: number | null = null;
  let upAt: number | null = null;
  let restarting = true;
  const watchUntil = Date.now() + 90_000;
  const watcher = (async () => {
    while (Date.now() < watchUntil && (restarting || (downAt !== null && upAt === null))) {
      const ready = await isPostgresReady(cluster);
      if (!ready && downAt === null) downAt = Date.now();
      if (ready && downAt !== null && upAt === null) upAt = Date.now();
      if (upAt !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const { issuedAt, returnedAt } = await (method === "signal"
    ? restartPostgresBySignal(cluster)
    : restartPostgres(cluster)
  ).finally(() => {
    restarting = false;
  });
  await Promise.race([watcher, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  const readyAt = upAt ?? (await waitPostgresReady(cluster, { timeoutMs: 60_000, intervalMs: 50 }));
  return { lockSeen: lockSeenAt !== null, lockSeenAt, issuedAt, downAt, returnedAt, readyAt };
}
