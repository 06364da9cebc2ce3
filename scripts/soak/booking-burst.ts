import { PARTY_MIX } from "@/server/demo/generate-demo-bookings";
import { mulberry32 } from "@/server/random/mulberry32";
import { exchange } from "../load/load-http";
import { pickWeighted } from "../load/load-mix";
import type { TLoadReport } from "../load/load-types";

/** A backlog for the workers: booking clients posting as fast as the web tier answers, for a while. */
export type TBurstOptions = {
  urls: readonly string[];
  apiKey: string;
  dates: readonly string[];
  /** Closed-loop clients (each sends its next booking when the last one was answered). */
  clients: number;
  durationMs: number;
  seed: number;
  /** Idempotency-Keys of this burst start with it (a database may have seen other runs' keys). */
  keyPrefix: string;
};

export type TBurstResult = {
  startedAt: number;
  endedAt: number;
  /** Answers by status (null: no answer: timeout or connection error). */
  statuses: Record<string, number>;
  accepted: TLoadReport["accepted"];
};

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `clients` booking clients (API key, Idempotency-Key each) posting `POST /api/bookings` back to back over the
 * urls, round-robin, for `durationMs`: with inline assignment off every accepted booking is a `booking.assign` job,
 * so the web tier creates a backlog faster than workers drain it and the drain rate measures the workers. Start
 * times are the first date's bookable grid (any of its 15-minute starts, as availability lists them), dates and
 * party sizes seeded. No retries: a failed request is counted, not repeated (the invariants check what was
 * accepted).
 */
export async function runBookingBurst(options: TBurstOptions): Promise<TBurstResult> {
  const random = mulberry32(options.seed);
  const startTimes = await serviceStartTimes(options);
  const statuses: Record<string, number> = {};
  const accepted: TLoadReport["accepted"] = [];
  let n = 0;
  const startedAt = Date.now();
  const deadline = startedAt + options.durationMs;
  const client = async () => {
    while (Date.now() < deadline) {
      n += 1;
      const number = n;
      const url = options.urls[number % options.urls.length] as string;
      const date = options.dates[Math.floor(random() * options.dates.length)] as string;
      const time = startTimes[Math.floor(random() * startTimes.length)] as string;
      const idempotencyKey = `${options.keyPrefix}-${number}`;
      const answer = await exchange(
        `${url}/api/bookings`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": idempotencyKey,
          },
          body: JSON.stringify({
            partySize: pickWeighted(random, PARTY_MIX),
            startsAt: `${date}T${time}`,
            guestName: `Burst Guest ${number}`,
          }),
        },
        REQUEST_TIMEOUT_MS,
      );
      const key = answer.status === null ? "no answer" : String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      const booking = answer.json as { reference?: unknown; id?: unknown } | null;
      if ((answer.status === 201 || answer.status === 200) && typeof booking?.reference === "string") {
        accepted.push({
          reference: booking.reference,
          ...(typeof booking.id === "string" ? { bookingId: booking.id } : {}),
          idempotencyKey,
          acceptedAt: answer.receivedAt,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return { startedAt, endedAt: Date.now(), statuses, accepted };
}

/** Every 15-minute start of the first date's service periods (GET /api/availability lists them all). */
async function serviceStartTimes(options: TBurstOptions): Promise<string[]> {
  const answer = await exchange(
    `${options.urls[0]}/api/availability?date=${options.dates[0]}&partySize=2`,
    { headers: { authorization: `Bearer ${options.apiKey}` } },
    REQUEST_TIMEOUT_MS,
  );
  const times = (answer.json as { times?: Array<{ time?: unknown }> } | null)?.times ?? [];
  const starts = times.map((t) => t.time).filter((t): t is string => typeof t === "string");
  if (starts.length === 0) throw new Error(`burst: no service times on ${options.dates[0]} (${answer.status})`);
  return starts;
}
