import pg from "pg";
import type { Logger } from "@/server/infra/telemetry/logger";
import { isQueueName, type QueueName } from "./queue-specs";

const CHANNEL = "maitre_queue_wake";
// Short: announcements made while the session is down are lost, and the bookings behind them wait for a poll
// while later ones (announced after the reconnect) may be served first. A database restart takes seconds.
const FIRST_RECONNECT_MS = 100;
const MAX_RECONNECT_MS = 1000;

export type WakeChannel = {
  /** Tells every process listening that `name` has work (best effort: polling stays the fallback). */
  announce(name: QueueName): Promise<void>;
  /** Starts listening (idempotent); `onWake` runs for each announcement, from any process, and with `null`
   * after a reconnect (announcements may have been missed while the session was down: fetch everything). */
  listen(onWake: (name: QueueName | null) => void): void;
  close(): Promise<void>;
};

/**
 * Cross-process wake-up over PostgreSQL LISTEN/NOTIFY: a web process that hands a booking to the job announces
 * it, and workers in other processes fetch at once instead of at their next poll (a second). The listening
 * session is dedicated and reconnects with backoff after a database restart; while it is down, polling works.
 */
export function createWakeChannel({
  connectionString,
  notify,
  log,
}: {
  connectionString: string;
  /** Runs one statement on the app's pool (announcements ride on existing connections). */
  notify: (text: string, values: unknown[]) => Promise<unknown>;
  log: Logger;
}): WakeChannel {
  let client: pg.Client | undefined;
  let onWake: ((name: QueueName | null) => void) | undefined;
  let closed = false;
  let retryMs = FIRST_RECONNECT_MS;
  let reconnecting = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed || !onWake) return;
    const session = new pg.Client({ connectionString, application_name: "maitre-queue-wake" });
    const reconnect = (error?: Error) => {
      if (client !== session) return;
      client = undefined;
      session.end().catch(() => undefined);
      if (closed) return;
      if (error && !reconnecting) log.warn({ err: error }, "queue wake-up channel lost; polling until it reconnects");
      reconnecting = true;
      timer = setTimeout(() => void connect(), retryMs);
      timer.unref();
      retryMs = Math.min(MAX_RECONNECT_MS, retryMs * 2);
    };
    client = session;
    session.on("error", reconnect);
    session.on("end", () => reconnect(new Error("wake-up session ended")));
    session.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload && isQueueName(message.payload)) onWake?.(message.payload);
    });
    try {
      await session.connect();
      await session.query(`listen ${CHANNEL}`);
      retryMs = FIRST_RECONNECT_MS;
      if (reconnecting) {
        reconnecting = false;
        log.info("queue wake-up channel back");
        onWake?.(null);
      }
    } catch (error) {
      reconnect(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    async announce(name) {
      await notify("select pg_notify($1, $2)", [CHANNEL, name]);
    },
    listen(handler) {
      if (onWake) return;
      onWake = handler;
      void connect();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const session = client;
      client = undefined;
      await session?.end().catch(() => undefined);
    },
  };
}
