import type { Queryable } from "@/server/infra/db/open-db";
import type { TOpsEventHub } from "./create-ops-event-hub";
import { findLatestOpsEventId, findOpsEventsAfter, isReplayable } from "./find-ops-events";
import { formatSseComment, formatSseEvent, formatSseId, formatSseRetry } from "./format-sse";
import { concernsDay, opsEventData, type TOpsEvent, type TOpsEventFilter } from "./ops-event";

/** More missed events than this and the client is better off refetching the day. */
const MAX_REPLAY = 2_000;
const RECONNECT_AFTER_MS = 2_000;
/** Events queued for a client that does not read (a stalled tab); past this it is cut off and replays later. */
const MAX_QUEUED_EVENTS = 5_000;

/**
 * A restaurant-day's live changes as Server-Sent Events: `booking`, `hold` and `allocation` events (id = the
 * ops_events id, data = {id, restaurantId, bookingId?, version?, change}), a `: keep-alive` comment every
 * `hub.keepAliveMs`. With `lastEventId` (what EventSource sends when it reconnects) the events after it are
 * replayed first when it is within the replay window; otherwise one `resync` event tells the client to refetch
 * the day. Every stream starts with a bare `id:` at the current position, so even a client that saw no event
 * reconnects without a gap. The stream ends when `signal` aborts (the client went away) or the reader cancels.
 */
export async function openOpsEventStream({
  db,
  hub,
  filter,
  lastEventId,
  signal,
}: {
  db: Queryable;
  hub: TOpsEventHub;
  filter: TOpsEventFilter;
  lastEventId: string | null;
  signal: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  // Subscribe before reading the position or the replay, so nothing falls between them; duplicates are dropped.
  const early: TOpsEvent[] = [];
  let forward: ((event: TOpsEvent) => void) | undefined;
  const unsubscribe = await hub.subscribe(filter, (event) => (forward ? forward(event) : early.push(event)));
  let start: { position: number; replay: TOpsEvent[]; resync: boolean };
  try {
    start = await startingPoint({ db, filter, lastEventId, windowMs: hub.replayWindowMs });
  } catch (error) {
    unsubscribe();
    throw error;
  }

  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let ended = false;
        const write = (text: string) => {
          if (ended) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) return cleanup();
          controller.enqueue(encoder.encode(text));
        };
        const send = (event: TOpsEvent) =>
          write(formatSseEvent({ id: String(event.id), event: event.kind, data: JSON.stringify(opsEventData(event)) }));
        const keepAlive = setInterval(() => write(formatSseComment("keep-alive")), hub.keepAliveMs);
        cleanup = () => {
          if (ended) return;
          ended = true;
          clearInterval(keepAlive);
          unsubscribe();
          signal.removeEventListener("abort", cleanup);
          try {
            controller.close();
          } catch {
            // Already closed or errored by the reader.
          }
        };

        write(formatSseRetry(RECONNECT_AFTER_MS));
        write(formatSseId(String(start.position)));
        if (start.resync) write(formatSseEvent({ event: "resync", data: JSON.stringify({ reason: "replay_window" }) }));
        // The hub may still deliver a replayed event live (it reads on its own schedule): send each id once.
        const replayed = new Set<number>();
        for (const event of start.replay) {
          replayed.add(event.id);
          send(event);
        }
        const sendLive = (event: TOpsEvent) => {
          if (!replayed.has(event.id)) send(event);
        };
        for (const event of early) sendLive(event);
        forward = sendLive;
        if (signal.aborted) cleanup();
        else signal.addEventListener("abort", cleanup, { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1 },
  );
}

async function startingPoint({
  db,
  filter,
  lastEventId,
  windowMs,
}: {
  db: Queryable;
  filter: TOpsEventFilter;
  lastEventId: string | null;
  windowMs: number;
}): Promise<{ position: number; replay: TOpsEvent[]; resync: boolean }> {
  const afterId = lastEventId && /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : undefined;
  if (afterId === undefined) {
    // No Last-Event-ID: a first connection. A malformed one is treated as unknown history: refetch.
    return { position: await findLatestOpsEventId(db), replay: [], resync: lastEventId !== null };
  }
  if (afterId === 0 || (await isReplayable(db, { id: afterId, windowMs }))) {
    const events = await findOpsEventsAfter(db, { afterId, restaurantId: filter.restaurantId, limit: MAX_REPLAY + 1 });
    if (events.length <= MAX_REPLAY) {
      return { position: afterId, replay: events.filter((event) => concernsDay(event, filter)), resync: false };
    }
  }
  return { position: await findLatestOpsEventId(db), replay: [], resync: true };
}
