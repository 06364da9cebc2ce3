import { randomBytes } from "node:crypto";
import { mulberry32 } from "@/server/random/mulberry32";
import { cancelBooking, lookUpAvailability, makeBooking, readBooking } from "./booking-client";
import type { TLoadContext } from "./load-context";
import { exchange, sleep } from "./load-http";
import { createMixSchedule, type TSlot } from "./load-mix";
import { LoadRecorder } from "./load-recorder";
import { LoadState } from "./load-state";
import type { TLoadOptions, TLoadReport } from "./load-types";
import { assertLoopbackUrls } from "./loopback-guard";
import { subscribe, type TSseFigures } from "./sse-subscriber";
import { StaffMember } from "./staff-member";
import { signIn } from "./staff-session";

const DEFAULTS = { staffCount: 3, requestTimeoutMs: 10_000, giveUpMs: 60_000, seed: 1 };

/**
 * The mixed load (booking clients ~65 %, staff ~35 %, one SSE subscriber per member of staff) against one or more
 * loopback base URLs, open loop at `rate` requests per second, until `durationMs` or `maxRequests`, whichever first.
 *
 * Bounded: slots stop at the deadline or the cap; booking retries continue at most `requestTimeoutMs` past the
 * deadline (then count as given up); the run waits for requests in flight (each bounded by its timeout) and
 * closes the streams. Silent unless `onProgress` is given; throws only when it cannot start (a non-loopback URL,
 * bad options, a failed staff sign-in).
 */
export async function runMixedLoad(options: TLoadOptions): Promise<TLoadReport> {
  const urls = assertLoopbackUrls(options.urls);
  const staffCount = options.staffCount ?? DEFAULTS.staffCount;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const seed = options.seed ?? DEFAULTS.seed;
  if (!(staffCount >= 1)) throw new Error("staffCount must be at least 1");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new Error(`date must be YYYY-MM-DD, got ${options.date}`);
  const schedule = createMixSchedule({
    rate: options.rate,
    durationMs: options.durationMs,
    rampMs: options.rampMs ?? 0,
    maxRequests: options.maxRequests,
    seed,
    staffCount,
  });

  // One session per member of staff, signed in on the instances in turn (a session is valid on every instance).
  const sessions = await Promise.all(
    Array.from({ length: staffCount }, (_, i) =>
      signIn({
        url: urls[i % urls.length] as string,
        email: options.staff.email,
        password: options.staff.password,
        timeoutMs: requestTimeoutMs,
      }),
    ),
  );

  const startedAt = Date.now();
  const recorder = new LoadRecorder(startedAt);
  const report: TLoadContext["report"] = { accepted: [], cancelled: [], gaveUp: 0 };
  const counters = { sent: 0, answered: 0, inFlight: 0, number: 0, url: 0 };
  const cap = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const deadline = startedAt + (options.rampMs ?? 0) + options.durationMs;
  const retryDeadline = deadline + requestTimeoutMs;
  const nextUrl = () => urls[counters.url++ % urls.length] as string;

  // Its own seeded stream, so spreading over dates leaves the mix's other picks as they were for a seed.
  const pickRandom = mulberry32(seed ^ 0x5bd1e995);
  const context: TLoadContext = {
    date: options.date,
    pickDate: () => {
      const dates = options.dates && options.dates.length > 0 ? options.dates : [options.date];
      return dates[Math.floor(pickRandom() * dates.length)] as string;
    },
    restaurantId: options.restaurantId,
    apiKey: options.apiKey,
    requestTimeoutMs,
    giveUpMs: options.giveUpMs ?? DEFAULTS.giveUpMs,
    random: mulberry32(seed ^ 0x9e3779b9),
    keyPrefix: `load-${seed}-${randomBytes(4).toString("hex")}`,
    nextNumber: () => ++counters.number,
    nextUrl,
    state: new LoadState(),
    recorder,
    report,
    mayRetry: () => Date.now() < retryDeadline,
    send: async (route, path, init, url = nextUrl()) => {
      if (counters.sent >= cap) return null;
      counters.sent += 1;
      counters.inFlight += 1;
      try {
        const answer = await exchange(`${url}${path}`, init, requestTimeoutMs);
        if (answer.status !== null) counters.answered += 1;
        recorder.record({
          route,
          url,
          sentAt: answer.sentAt,
          receivedAt: answer.receivedAt,
          status: answer.status,
          failure: answer.failure,
          code: answer.code,
        });
        return { ...answer, url };
      } finally {
        counters.inFlight -= 1;
      }
    },
  };

  const staff = sessions.map((session) => new StaffMember(context, session));
  const streams = new AbortController();
  const sse: TSseFigures = { events: 0, reconnects: 0 };
  const subscribers = sessions.map((session, i) =>
    subscribe({
      url: urls[i % urls.length] as string,
      path: `/api/ops/stream?restaurantId=${options.restaurantId}&date=${options.date}`,
      session,
      recorder,
      figures: sse,
      connectTimeoutMs: requestTimeoutMs,
      signal: streams.signal,
    }),
  );

  const progress = options.onProgress
    ? setInterval(
        () =>
          options.onProgress?.({
            elapsedMs: Date.now() - startedAt,
            sent: counters.sent,
            answered: counters.answered,
            inFlight: counters.inFlight,
          }),
        1000,
      )
    : null;

  const running = new Set<Promise<void>>();
  const dispatch = (slot: TSlot) => {
    const task = runSlot(context, staff, slot).catch(() => {
      // Every request path records its own outcome; a throw here is a bug in a flow, not a server answer.
    });
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  try {
    for (let slot = schedule.next(); slot !== null; slot = schedule.next()) {
      const due = startedAt + slot.atMs;
      if (due >= deadline || counters.sent >= cap) break;
      // Open loop: wait for the slot's time, never for earlier answers (a late loop sends overdue slots at once).
      await sleep(due - Date.now());
      dispatch(slot);
    }
    // Drain: retries stop at retryDeadline and each request ends by its timeout, so this wait is bounded.
    while (running.size > 0) await Promise.race(running);
  } finally {
    if (progress) clearInterval(progress);
    streams.abort();
    await Promise.allSettled(subscribers);
  }

  const endedAt = Date.now();
  return {
    startedAt,
    rampMs: options.rampMs ?? 0,
    endedAt,
    sent: counters.sent,
    answered: counters.answered,
    throughput: Math.round((counters.answered / Math.max(0.001, (endedAt - startedAt) / 1000)) * 10) / 10,
    routes: recorder.routeFigures(),
    errors: { ...recorder.errors },
    incidents: recorder.incidents,
    accepted: report.accepted,
    cancelled: report.cancelled,
    gaveUp: report.gaveUp,
    sse: { subscribers: sessions.length, ...sse },
    windows: recorder.windowFigures(),
  };
}

function runSlot(context: TLoadContext, staff: readonly StaffMember[], slot: TSlot): Promise<void> {
  switch (slot.kind) {
    case "availability":
      return lookUpAvailability(context);
    case "booking.create":
      return makeBooking(context);
    case "booking.read":
      return readBooking(context);
    case "booking.cancel":
      return cancelBooking(context);
    default:
      return (staff[slot.staff ?? 0] as StaffMember).act(slot.kind);
  }
}
