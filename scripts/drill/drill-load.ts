import { randomBytes } from "node:crypto";
import type { TLoadRequest } from "./drill-kit";

/** One HTTP exchange as the client saw it (status null: no answer — connection error or client timeout). */
export type THttpRecord = {
  /** `probe`: an invalid POST /api/bookings (400, nothing written) that still runs authentication's rate limiter. */
  route: "bookings" | "health" | "probe";
  key: string | null;
  sentAt: number;
  receivedAt: number;
  status: number | null;
  contentType: string | null;
  retryAfter: string | null;
  code: string | null;
  error: string | null;
};

export type TClientBooking = {
  index: number;
  key: string;
  request: TLoadRequest;
  /** 201/200 seen: the booking stands (status of the accepting answer). */
  acceptedStatus: number | null;
  reference: string | null;
  /** Every reference any accepting answer carried (a replay must carry the same one). */
  references: string[];
  attempts: number;
  firstSentAt: number;
  acceptedAt: number | null;
  /** Why the client stopped without an acceptance (4xx refusal, or it gave up retrying). */
  refusal: string | null;
};

const RETRYABLE = (status: number | null) => status === null || status === 429 || status >= 500;

/**
 * An open-loop booking client: request i leaves at start + i × spacing whatever happened to earlier ones, each with
 * its own Idempotency-Key, retried with the SAME key on 5xx/429/timeouts (after Retry-After when given) until it is
 * accepted, refused (4xx) or `giveUpMs` passed.
 */
export async function runBookingLoad({
  baseUrl,
  apiKey,
  date,
  requests,
  durationMs,
  keyPrefix,
  records,
  requestTimeoutMs = 10_000,
  giveUpMs = 90_000,
  onAccepted,
}: {
  baseUrl: string;
  apiKey: string;
  date: string;
  requests: readonly TLoadRequest[];
  durationMs: number;
  keyPrefix: string;
  records: THttpRecord[];
  requestTimeoutMs?: number;
  giveUpMs?: number;
  onAccepted?: (booking: TClientBooking) => void;
}): Promise<TClientBooking[]> {
  const start = Date.now();
  const spacing = durationMs / Math.max(1, requests.length);
  const salt = randomBytes(3).toString("hex");
  return Promise.all(
    requests.map(async (request, index) => {
      await sleep(start + index * spacing - Date.now());
      const booking: TClientBooking = {
        index,
        key: `${keyPrefix}-${salt}-${String(index).padStart(4, "0")}`,
        request,
        acceptedStatus: null,
        reference: null,
        references: [],
        attempts: 0,
        firstSentAt: Date.now(),
        acceptedAt: null,
        refusal: null,
      };
      const body = JSON.stringify({
        partySize: request.partySize,
        startsAt: `${date}T${request.localTime}`,
        guestName: request.guestName,
        ...(request.guestEmail ? { guestEmail: request.guestEmail } : {}),
      });
      for (;;) {
        booking.attempts += 1;
        const record = await exchange({
          route: "bookings",
          key: booking.key,
          url: `${baseUrl}/api/bookings`,
          init: {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${apiKey}`,
              "idempotency-key": booking.key,
            },
            body,
          },
          timeoutMs: requestTimeoutMs,
        });
        records.push(record.record);
        const { status } = record.record;
        if (status === 200 || status === 201) {
          const reference = (record.json as { reference?: unknown } | null)?.reference;
          if (typeof reference === "string") booking.references.push(reference);
          booking.reference ??= typeof reference === "string" ? reference : null;
          booking.acceptedStatus = status;
          booking.acceptedAt = record.record.receivedAt;
          onAccepted?.(booking);
          return booking;
        }
        if (!RETRYABLE(status)) {
          booking.refusal = `${status} ${record.record.code ?? ""}`.trim();
          return booking;
        }
        if (Date.now() - booking.firstSentAt > giveUpMs) {
          booking.refusal = `gave up after ${booking.attempts} attempts (last: ${status ?? record.record.error})`;
          return booking;
        }
        const retryAfterSeconds = Number(record.record.retryAfter);
        const backoff =
          Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
            ? Math.min(5, retryAfterSeconds) * 1000
            : Math.min(4000, 250 * 2 ** Math.min(4, booking.attempts - 1));
        await sleep(backoff * (0.75 + Math.random() * 0.5));
      }
    }),
  );
}

/** One probe: authenticated (so the rate limiters are consulted), refused for its body, nothing written. */
export async function probeBookingRoute({
  baseUrl,
  apiKey,
  records,
}: {
  baseUrl: string;
  apiKey: string;
  records: THttpRecord[];
}): Promise<void> {
  const { record } = await exchange({
    route: "probe",
    key: null,
    url: `${baseUrl}/api/bookings`,
    init: {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ partySize: 0 }),
    },
    timeoutMs: 5000,
  });
  records.push(record);
}

export type THealthSample = { at: number; status: number | null; redis: string | null; healthStatus: string | null };

/** GET /api/health every intervalMs until stop() (what an operator's dashboard would see). */
export function pollHealth({
  baseUrl,
  intervalMs = 500,
  records,
}: {
  baseUrl: string;
  intervalMs?: number;
  records: THttpRecord[];
}): { samples: THealthSample[]; stop: () => Promise<void> } {
  const samples: THealthSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      const { record, json } = await exchange({
        route: "health",
        key: null,
        url: `${baseUrl}/api/health`,
        init: { method: "GET" },
        timeoutMs: 5000,
      });
      records.push(record);
      const body = json as { status?: unknown; redis?: { status?: unknown } } | null;
      samples.push({
        at: record.receivedAt,
        status: record.status,
        redis: typeof body?.redis?.status === "string" ? body.redis.status : null,
        healthStatus: typeof body?.status === "string" ? body.status : null,
      });
      await sleep(intervalMs - (Date.now() - started));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function exchange({
  route,
  key,
  url,
  init,
  timeoutMs,
}: {
  route: THttpRecord["route"];
  key: string | null;
  url: string;
  init: RequestInit;
  timeoutMs: number;
}): Promise<{ record: THttpRecord; json: unknown }> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const code = (json as { code?: unknown } | null)?.code;
    return {
      json,
      record: {
        route,
        key,
        sentAt,
        receivedAt: Date.now(),
        status: response.status,
        contentType: response.headers.get("content-type"),
        retryAfter: response.headers.get("retry-after"),
        code: typeof code === "string" ? code : null,
        error: null,
      },
    };
  } catch (error) {
    return {
      json: null,
      record: {
        route,
        key,
        sentAt,
        receivedAt: Date.now(),
        status: null,
        contentType: null,
        retryAfter: null,
        code: null,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
