import { describe, expect, it } from "vitest";
import { classifyAnswer, isIncident, isRetryable } from "./classify-answer";

describe("classifyAnswer", () => {
  it.each([
    [200, null, "ok"],
    [201, null, "ok"],
    [204, null, "ok"],
    [400, null, "client_4xx"],
    [404, null, "client_4xx"],
    [409, null, "client_4xx"],
    [422, null, "client_4xx"],
    [429, null, "rate_limited"],
    [500, null, "server_5xx"],
    [502, null, "server_5xx"],
    [503, null, "unavailable_503"],
    [null, "timeout", "timeout"],
    [null, "connection", "connection"],
    [null, null, "connection"],
  ] as const)("%s (%s) is %s", (status, failure, expected) => {
    expect(classifyAnswer(status, failure)).toBe(expected);
  });

  it("makes incidents of server failures and missing answers, not of refusals or 429", () => {
    expect(["server_5xx", "unavailable_503", "timeout", "connection"].every((c) => isIncident(c as never))).toBe(true);
    expect(["ok", "client_4xx", "rate_limited"].some((c) => isIncident(c as never))).toBe(false);
  });

  it("retries what a client should retry with the same key: 429, 5xx, timeouts, connection errors", () => {
    expect(isRetryable("rate_limited")).toBe(true);
    expect(isRetryable("unavailable_503")).toBe(true);
    expect(isRetryable("timeout")).toBe(true);
    expect(isRetryable("client_4xx")).toBe(false);
    expect(isRetryable("ok")).toBe(false);
  });
});
