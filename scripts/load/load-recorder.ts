import { percentile } from "@/scripts/bench/percentile";
import { classifyAnswer, isIncident, type TFailure } from "./classify-answer";
import type { TErrorClass, TLoadIncident, TLoadReport, TLoadRoute, TLoadWindow, TRouteFigures } from "./load-types";

/** At most this many incidents are kept (a long outage at a high rate would otherwise grow the report without end). */
const MAX_INCIDENTS = 20_000;

type TRouteSamples = {
  latencies: number[];
  byClass: Partial<Record<TErrorClass, number>>;
  byStatus: Record<string, number>;
};

/** One answer (or its absence) as the recorder needs it. */
export type TAnswerRecord = {
  route: TLoadRoute;
  url: string;
  sentAt: number;
  receivedAt: number;
  status: number | null;
  failure: TFailure | null;
  code: string | null;
};

/** Width of the report's latency-over-time windows. */
export const WINDOW_MS = 10_000;

/**
 * Collects every answer of a run and turns them into the report's per-route figures, error classes, incidents and
 * latency over time (windows of WINDOW_MS by send time, counted from `startedAt`).
 */
export class LoadRecorder {
  private readonly routes = new Map<TLoadRoute, TRouteSamples>();
  private readonly windows = new Map<number, { sent: number; failed: number; latencies: number[] }>();

  constructor(private readonly startedAt = Date.now()) {}
  readonly errors: Partial<Record<TErrorClass, number>> = {};
  readonly incidents: TLoadIncident[] = [];

  record(answer: TAnswerRecord): TErrorClass {
    const errorClass = classifyAnswer(answer.status, answer.failure);
    let samples = this.routes.get(answer.route);
    if (!samples) {
      samples = { latencies: [], byClass: {}, byStatus: {} };
      this.routes.set(answer.route, samples);
    }
    // Latency only of answered requests: a timeout's "latency" is the timeout itself and would hide the real tail.
    if (answer.status !== null) samples.latencies.push(answer.receivedAt - answer.sentAt);
    samples.byClass[errorClass] = (samples.byClass[errorClass] ?? 0) + 1;
    const statusKey = answer.status === null ? (answer.failure ?? "connection") : String(answer.status);
    samples.byStatus[statusKey] = (samples.byStatus[statusKey] ?? 0) + 1;
    this.errors[errorClass] = (this.errors[errorClass] ?? 0) + 1;
    const index = Math.max(0, Math.floor((answer.sentAt - this.startedAt) / WINDOW_MS));
    let window = this.windows.get(index);
    if (!window) {
      window = { sent: 0, failed: 0, latencies: [] };
      this.windows.set(index, window);
    }
    window.sent += 1;
    if (answer.status !== null) window.latencies.push(answer.receivedAt - answer.sentAt);
    if (isIncident(errorClass)) window.failed += 1;
    if (isIncident(errorClass) && this.incidents.length < MAX_INCIDENTS) {
      this.incidents.push({
        at: answer.receivedAt,
        route: answer.route,
        url: answer.url,
        errorClass,
        status: answer.status,
        code: answer.code,
      });
    }
    return errorClass;
  }

  windowFigures(): TLoadWindow[] {
    return [...this.windows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, { sent, failed, latencies }]) => {
        const sorted = [...latencies].sort((a, b) => a - b);
        return {
          fromSec: (index * WINDOW_MS) / 1000,
          toSec: ((index + 1) * WINDOW_MS) / 1000,
          sent,
          answered: latencies.length,
          failed,
          p50: roundMs(percentile(sorted, 50)),
          p95: roundMs(percentile(sorted, 95)),
        };
      });
  }

  routeFigures(): TLoadReport["routes"] {
    const routes: TLoadReport["routes"] = {};
    for (const [route, samples] of this.routes) routes[route] = summariseRoute(samples);
    return routes;
  }
}

export function summariseRoute({ latencies, byClass, byStatus }: TRouteSamples): TRouteFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const count = Object.values(byClass).reduce((sum, n) => sum + (n ?? 0), 0);
  return {
    count,
    p50: roundMs(percentile(sorted, 50)),
    p95: roundMs(percentile(sorted, 95)),
    p99: roundMs(percentile(sorted, 99)),
    max: roundMs(sorted.at(-1) ?? Number.NaN),
    byClass: { ...byClass },
    byStatus: { ...byStatus },
  };
}

function roundMs(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.round(ms * 10) / 10;
}
