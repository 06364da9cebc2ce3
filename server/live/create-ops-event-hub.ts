import type { Queryable } from "@/server/infra/db/open-db";
import type { Logger } from "@/server/infra/telemetry/logger";
import { findLatestOpsEventId, findOpsEventsAfter, pruneOpsEvents } from "./find-ops-events";
import { concernsDay, type TOpsEvent, type TOpsEventFilter } from "./ops-event";

const BATCH = 1_000;
/** How long an id skipped by the tail may still appear (its transaction had not committed yet); a rolled-back
 * insert leaves a permanent gap, so gaps are not waited for forever. Booking transactions last milliseconds. */
const GAP_GRACE_MS = 10_000;
/** Gaps tracked at most (a sequence jump after a crash must not allocate millions of entries). */
const MAX_GAPS = 10_000;

export type TOpsEventHub = {
  /** How often a stream writes its keep-alive comment. */
  keepAliveMs: number;
  /** How far back a reconnecting stream may replay (Last-Event-ID). */
  replayWindowMs: number;
  /**
   * Calls `onEvent` for every event of the filter's restaurant-day from now on. Resolves once the hub is
   * reading, so a change committed after it resolves is never missed; returns the unsubscribe function.
   */
  subscribe(filter: TOpsEventFilter, onEvent: (event: TOpsEvent) => void): Promise<() => void>;
  close(): Promise<void>;
};

type TSubscriber = { filter: TOpsEventFilter; onEvent: (event: TOpsEvent) => void };

/**
 * One reader of ops events per process, fanned out to every subscribed stream of that process. While anyone is
 * subscribed it reads the tail of ops_events every `pollMs` — one query for all of the process's dashboards —
 * which sees the writes of every instance and worker (PostgreSQL) or of this process (PGlite), and needs no
 * session of its own: after a database restart the next read simply succeeds again. Why not LISTEN/NOTIFY: see
 * the ops_events migration (a notifying commit serialises all others). Ids are assigned at insert but become
 * visible at commit, so an id skipped by the tail is re-read for a few seconds in case its transaction commits.
 * Every `pruneEveryMs` (null: never) it drops events older than the replay window, subscribed or not.
 */
export function createOpsEventHub({
  db,
  log,
  keepAliveMs = 15_000,
  replayWindowMs = 5 * 60_000,
  pollMs = 200,
  pruneEveryMs = 60_000,
}: {
  db: Queryable;
  log: Logger;
  keepAliveMs?: number;
  replayWindowMs?: number;
  pollMs?: number;
  pruneEveryMs?: number | null;
}): TOpsEventHub {
  const byRestaurant = new Map<string, Set<TSubscriber>>();
  let subscriberCount = 0;
  let closed = false;
  let reading: Promise<void> | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let lastId = 0;
  /** Ids below lastId not seen yet → when first missed. */
  const gaps = new Map<number, number>();
  let failing = false;

  const deliver = (event: TOpsEvent) => {
    for (const subscriber of byRestaurant.get(event.restaurantId) ?? []) {
      if (!concernsDay(event, subscriber.filter)) continue;
      try {
        subscriber.onEvent(event);
      } catch (error) {
        log.warn({ err: error }, "ops event subscriber failed");
      }
    }
  };

  const readTail = async (): Promise<number> => {
    const events = await findOpsEventsAfter(db, { afterId: lastId, alsoIds: [...gaps.keys()], limit: BATCH });
    const now = Date.now();
    for (const event of events) {
      if (gaps.delete(event.id)) {
        deliver(event);
        continue;
      }
      if (event.id <= lastId) continue;
      for (let id = lastId + 1; id < event.id && gaps.size < MAX_GAPS; id += 1) gaps.set(id, now);
      lastId = event.id;
      deliver(event);
    }
    for (const [id, since] of gaps) if (now - since > GAP_GRACE_MS) gaps.delete(id);
    return events.length;
  };

  const tick = async () => {
    pollTimer = undefined;
    if (closed) return;
    if (subscriberCount === 0) {
      // Nobody is watching: stop reading; the next subscriber starts again from the then-latest event.
      reading = undefined;
      gaps.clear();
      return;
    }
    let read = 0;
    try {
      read = await readTail();
      if (failing) log.info("ops events readable again");
      failing = false;
    } catch (error) {
      // The database restarting or unreachable: keep trying at the same pace, say so once.
      if (!failing) log.warn({ err: error }, "ops events not readable; retrying");
      failing = true;
    }
    if (closed) return;
    pollTimer = setTimeout(() => void tick(), read === BATCH ? 0 : pollMs);
    pollTimer.unref();
  };

  const startReading = async () => {
    lastId = await findLatestOpsEventId(db);
    pollTimer = setTimeout(() => void tick(), pollMs);
    pollTimer.unref();
  };

  // Jittered so the processes of a deploy do not all prune in the same second.
  const pruneTimer =
    pruneEveryMs === null
      ? undefined
      : setInterval(
          () => {
            pruneOpsEvents(db, { olderThanMs: replayWindowMs }).catch((error: unknown) =>
              log.warn({ err: error }, "ops events not pruned"),
            );
          },
          pruneEveryMs * (0.9 + Math.random() * 0.2),
        );
  pruneTimer?.unref();

  return {
    keepAliveMs,
    replayWindowMs,
    async subscribe(filter, onEvent) {
      if (closed) throw new Error("the ops event hub is closed");
      const subscriber: TSubscriber = { filter, onEvent };
      const set = byRestaurant.get(filter.restaurantId) ?? new Set<TSubscriber>();
      byRestaurant.set(filter.restaurantId, set);
      set.add(subscriber);
      subscriberCount += 1;
      const unsubscribe = () => {
        if (!set.delete(subscriber)) return;
        subscriberCount -= 1;
        if (set.size === 0 && byRestaurant.get(filter.restaurantId) === set) byRestaurant.delete(filter.restaurantId);
      };
      try {
        reading ??= startReading().catch((error: unknown) => {
          reading = undefined;
          throw error;
        });
        await reading;
      } catch (error) {
        unsubscribe();
        throw error;
      }
      return unsubscribe;
    },
    async close() {
      closed = true;
      clearTimeout(pollTimer);
      clearInterval(pruneTimer);
      byRestaurant.clear();
      subscriberCount = 0;
    },
  };
}
