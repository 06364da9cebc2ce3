import { percentile } from "@/scripts/bench/percentile";
import { classifyAnswer, isIncident, type TFailure } from "./classify-answer";
import type { TErrorClass, TLoadIncident, TLoadReport, TLoadRoute, TRouteFigures } from "./load-types";

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

/** Collects every answer of a run and turns them into the report's per-route figures, error classes and incidents. */
export class LoadRecorder {
  private readonly routes = new Map<TLoadRoute, TRouteSamples>();
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

  routeFigures(): TLoadReport["routes"] {
    const routes: TLoadReport["routes"] = {};
    for (const [route, samples] of this.routes) routes[route] = summariseRoute(samples);
    return routes;
  }
}

export function summariseRoute({ latencies, byClass, byStatus }: TRouteSamples): TRouteFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const count = Object.values(byClass).reduce((sum, n) => sum + (n ?? 0), 0);
  const round = (ms: number) => (Number.isNaN(ms) ? 0 : Math.round(ms * 10) / 10);
  return {
    count,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    byClass: { ...byClass },
    byStatus: { ...byStatus },
  };
}
