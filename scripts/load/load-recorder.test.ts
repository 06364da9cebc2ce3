import { describe, expect, it } from "vitest";
import { LoadRecorder } from "./load-recorder";
import { parseMessage } from "./sse-subscriber";

const answer = (latencyMs: number, status: number | null, failure: "timeout" | "connection" | null = null) => ({
  route: "availability" as const,
  url: "http://127.0.0.1:3000",
  sentAt: 1000,
  receivedAt: 1000 + latencyMs,
  status,
  failure,
  code: status === 503 ? "DEPENDENCY_UNAVAILABLE" : null,
});

describe("LoadRecorder", () => {
  it("gives nearest-rank percentiles of answered requests only", () => {
    const recorder = new LoadRecorder();
    for (let ms = 1; ms <= 100; ms += 1) recorder.record(answer(ms, 200));
    recorder.record(answer(10_000, null, "timeout")); // not a latency
    const figures = recorder.routeFigures().availability;
    expect(figures).toMatchObject({ count: 101, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(figures?.byClass).toEqual({ ok: 100, timeout: 1 });
    expect(figures?.byStatus).toEqual({ "200": 100, timeout: 1 });
  });

  it("counts error classes over routes and keeps incidents with their time", () => {
    const recorder = new LoadRecorder();
    recorder.record(answer(5, 201));
    recorder.record(answer(5, 409));
    recorder.record(answer(5, 429));
    recorder.record(answer(7, 503));
    recorder.record({ ...answer(3, null, "connection"), route: "ops.list" });
    expect(recorder.errors).toEqual({ ok: 1, client_4xx: 1, rate_limited: 1, unavailable_503: 1, connection: 1 });
    expect(recorder.incidents).toEqual([
      {
        at: 1007,
        route: "availability",
        url: "http://127.0.0.1:3000",
        errorClass: "unavailable_503",
        status: 503,
        code: "DEPENDENCY_UNAVAILABLE",
      },
      { at: 1003, route: "ops.list", url: "http://127.0.0.1:3000", errorClass: "connection", status: null, code: null },
    ]);
    expect(recorder.routeFigures()["ops.list"]).toMatchObject({ count: 1, p50: 0, max: 0 });
  });

  it("puts every request in the window it was sent in, over all routes, with its failures", () => {
    const recorder = new LoadRecorder(0);
    const at = (sentAt: number, latencyMs: number, status: number | null, route = "availability" as const) =>
      recorder.record({
        ...answer(latencyMs, status, status === null ? "timeout" : null),
        route,
        sentAt,
        receivedAt: sentAt + latencyMs,
      });
    for (let i = 1; i <= 20; i += 1) at(i * 100, i, 200); // 0–10 s: 1 … 20 ms
    at(12_000, 900, 503);
    at(15_000, 40, 201);
    at(19_999, 0, null);
    expect(recorder.windowFigures()).toEqual([
      { fromSec: 0, toSec: 10, sent: 20, answered: 20, failed: 0, p50: 10, p95: 19 },
      { fromSec: 10, toSec: 20, sent: 3, answered: 2, failed: 2, p50: 40, p95: 900 },
    ]);
  });
});

describe("parseMessage (SSE)", () => {
  it("counts messages with data and keeps their id; comments are neither", () => {
    expect(parseMessage('id: 4813\nevent: booking\ndata: {"id":4813}')).toEqual({ id: "4813", hasData: true });
    expect(parseMessage("id: 4812")).toEqual({ id: "4812", hasData: false });
    expect(parseMessage(": keep-alive")).toEqual({ id: null, hasData: false });
  });
});
