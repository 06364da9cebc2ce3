import { failureOf, sleep } from "./load-http";
import type { LoadRecorder } from "./load-recorder";
import type { TStaffSession } from "./staff-session";

export type TSseFigures = { events: number; reconnects: number };

/** Wait before reconnecting a cut stream (EventSource's default retry is about this). */
const RECONNECT_DELAY_MS = 1000;

/**
 * A dashboard's live feed: GET /api/ops/stream held open for the whole run, counting events, and reconnecting with
 * Last-Event-ID (so the server replays what was missed) whenever the stream is cut or cannot be opened. Each
 * connection attempt is recorded as an `ops.stream` request (its latency: until the headers arrived).
 */
export function subscribe({
  url,
  path,
  session,
  recorder,
  figures,
  connectTimeoutMs,
  signal,
}: {
  url: string;
  path: string;
  session: TStaffSession;
  recorder: LoadRecorder;
  figures: TSseFigures;
  connectTimeoutMs: number;
  signal: AbortSignal;
}): Promise<void> {
  let lastEventId: string | null = null;
  let connections = 0;
  return (async () => {
    while (!signal.aborted) {
      if (connections++ > 0) figures.reconnects += 1;
      const sentAt = Date.now();
      // One controller per connection: aborted by the run's end, or by the connect timer until headers arrive
      // (a timeout signal on fetch itself would also cut the long-lived body).
      const controller = new AbortController();
      const onRunEnd = () => controller.abort();
      signal.addEventListener("abort", onRunEnd, { once: true });
      let timedOut = false;
      const connectTimer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, connectTimeoutMs);
      let opened = false;
      try {
        const response = await fetch(`${url}${path}`, {
          headers: {
            cookie: session.cookie,
            accept: "text/event-stream",
            ...(lastEventId ? { "last-event-id": lastEventId } : {}),
          },
          signal: controller.signal,
        });
        clearTimeout(connectTimer);
        opened = true;
        recorder.record({
          route: "ops.stream",
          url,
          sentAt,
          receivedAt: Date.now(),
          status: response.status,
          failure: null,
          code: null,
        });
        if (response.status !== 200 || !response.body) await response.body?.cancel();
        else lastEventId = await readEvents(response.body, figures, lastEventId);
      } catch (error) {
        // Cut after it opened (the run's end, a server restart): only a reconnect follows. Failing to open is a
        // failed request like any other.
        if (!opened && !signal.aborted) {
          recorder.record({
            route: "ops.stream",
            url,
            sentAt,
            receivedAt: Date.now(),
            status: null,
            failure: timedOut ? "timeout" : failureOf(error),
            code: null,
          });
        }
      } finally {
        clearTimeout(connectTimer);
        signal.removeEventListener("abort", onRunEnd);
      }
      if (!signal.aborted) await sleep(RECONNECT_DELAY_MS);
    }
  })();
}

/** Reads SSE messages until the stream ends; counts those with data; returns the last `id:` seen. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  figures: TSseFigures,
  lastEventId: string | null,
): Promise<string | null> {
  // Aborting the connection's controller errors this reader, which ends the loop through the caller's catch.
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let lastId = lastEventId;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return lastId;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const parsed = parseMessage(message);
      if (parsed.id !== null) lastId = parsed.id;
      if (parsed.hasData) figures.events += 1;
      end = buffer.indexOf("\n\n");
    }
  }
}

/** One SSE message: its `id:` and whether it carries `data:` (comments such as `: keep-alive` are neither). */
export function parseMessage(message: string): { id: string | null; hasData: boolean } {
  let id: string | null = null;
  let hasData = false;
  for (const line of message.split("\n")) {
    if (line.startsWith("id:")) id = line.slice(3).trim();
    else if (line.startsWith("data:")) hasData = true;
  }
  return { id, hasData };
}
