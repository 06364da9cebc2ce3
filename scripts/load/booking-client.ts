import { PARTY_MIX } from "@/server/demo/generate-demo-bookings";
import { classifyAnswer, isRetryable } from "./classify-answer";
import type { TLoadContext } from "./load-context";
import { sleep } from "./load-http";
import { pickWeighted } from "./load-mix";
import { pickOne, type TBookableTime } from "./load-state";

/**
 * The booking-client side of the mix (API key): availability look-ups, bookings with an Idempotency-Key retried
 * with the same key, reads and cancellations of bookings this run had accepted.
 *
 * Not scripts/drill/drill-load.ts's runBookingLoad: that client owns its schedule and retries until giveUpMs with no
 * way to stop it, while here the run's schedule starts each booking and the run's deadline and request cap bound
 * the retries.
 */

/** Share of bookings sent at a time availability called bookable; the rest at any seating time (refusals happen). */
const AVAILABLE_SHARE = 0.85;
/** Used until the first availability answer for any party size arrived. */
const FALLBACK_TIME = "19:00";

function clientHeaders(context: TLoadContext, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${context.apiKey}`, ...extra };
}

export async function lookUpAvailability(context: TLoadContext): Promise<void> {
  const partySize = pickWeighted(context.random, PARTY_MIX);
  const answer = await context.send(
    "availability",
    `/api/availability?date=${context.pickDate()}&partySize=${partySize}`,
    {
      headers: clientHeaders(context),
    },
  );
  const times = (answer?.json as { times?: unknown } | null)?.times;
  if (answer?.status === 200 && Array.isArray(times)) {
    context.state.bookableTimes.set(
      partySize,
      times.map((t: { time: string; available: boolean }) => ({ time: t.time, available: t.available === true })),
    );
  }
}

/** A seating time for the party: mostly one availability called bookable, spread over the whole day. */
export function chooseTime(
  random: () => number,
  known: ReadonlyMap<number, TBookableTime[]>,
  partySize: number,
): string {
  const times = known.get(partySize) ?? [...known.values()].find((list) => list.length > 0) ?? [];
  if (times.length === 0) return FALLBACK_TIME;
  const available = times.filter((t) => t.available);
  const pool = available.length > 0 && random() < AVAILABLE_SHARE ? available : times;
  return pickOne(random, pool)?.time ?? FALLBACK_TIME;
}

/**
 * One booking: POST /api/bookings with its own Idempotency-Key, retried with the SAME key on a timeout, a
 * connection error, a 5xx or a 429 (after Retry-After when given) until accepted, refused, or given up.
 */
export async function makeBooking(context: TLoadContext): Promise<void> {
  const n = context.nextNumber();
  const partySize = pickWeighted(context.random, PARTY_MIX);
  const time = chooseTime(context.random, context.state.bookableTimes, partySize);
  const idempotencyKey = `${context.keyPrefix}-b${n}`;
  const body = JSON.stringify({
    partySize,
    startsAt: `${context.pickDate()}T${time}`,
    guestName: `Load Guest ${n}`,
    ...(context.random() < 0.7 ? { guestEmail: `load-guest-${n}@example.com` } : {}),
  });
  const firstSentAt = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const answer = await context.send("booking.create", "/api/bookings", {
      method: "POST",
      headers: clientHeaders(context, { "content-type": "application/json", "idempotency-key": idempotencyKey }),
      body,
    });
    if (answer === null) {
      // The request cap is spent: an attempt that was already sent may have been accepted unseen.
      if (attempt > 1) context.report.gaveUp += 1;
      return;
    }
    if (answer.status === 200 || answer.status === 201) {
      const booking = context.state.observe(answer.json, { ours: true });
      if (booking?.reference) {
        context.report.accepted.push({
          reference: booking.reference,
          ...(booking.id ? { bookingId: booking.id } : {}),
          idempotencyKey,
          acceptedAt: answer.receivedAt,
        });
      }
      return;
    }
    const errorClass = classifyAnswer(answer.status, answer.failure);
    if (!isRetryable(errorClass)) return; // a refusal (4xx): counted, nothing to retry
    if (Date.now() - firstSentAt > context.giveUpMs || !context.mayRetry()) {
      context.report.gaveUp += 1;
      return;
    }
    // Exponential backoff (what a well-behaved client does: retrying a refused server at a fixed pace keeps it
    // refusing), never sooner than the server's Retry-After.
    const exponentialMs = Math.min(8000, 250 * 2 ** Math.min(5, attempt - 1));
    const backoffMs =
      answer.retryAfterSeconds !== null
        ? Math.max(Math.min(5, answer.retryAfterSeconds) * 1000, exponentialMs)
        : exponentialMs;
    await sleep(backoffMs * (0.75 + context.random() * 0.5));
  }
}

/** Reads one accepted booking (falls back to an availability look-up before anything was accepted). */
export async function readBooking(context: TLoadContext): Promise<void> {
  const booking = pickOne(context.random, context.state.readable());
  if (!booking?.reference) return lookUpAvailability(context);
  const answer = await context.send("booking.read", `/api/bookings/${booking.reference}`, {
    headers: clientHeaders(context),
  });
  if (answer?.status === 200) context.state.observe(answer.json);
}

/** Cancels one accepted booking that is not seated yet (falls back to an availability look-up without one). */
export async function cancelBooking(context: TLoadContext): Promise<void> {
  const booking = pickOne(context.random, context.state.cancellable());
  if (!booking?.reference) return lookUpAvailability(context);
  booking.busy = true;
  try {
    const answer = await context.send("booking.cancel", `/api/bookings/${booking.reference}`, {
      method: "DELETE",
      headers: clientHeaders(context),
    });
    if (answer?.status === 200) {
      context.state.observe(answer.json);
      context.report.cancelled.push(booking.reference);
    }
  } finally {
    booking.busy = false;
  }
}
