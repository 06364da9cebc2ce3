import type { TErrorClass } from "./load-types";

/** Why a request got no answer: the client's timeout fired, or the connection was refused or reset. */
export type TFailure = "timeout" | "connection";

/** The report's error class of one answer (status null: no answer, `failure` says why). */
export function classifyAnswer(status: number | null, failure: TFailure | null = null): TErrorClass {
  if (status === null) return failure === "timeout" ? "timeout" : "connection";
  if (status >= 200 && status < 300) return "ok";
  if (status === 429) return "rate_limited";
  if (status === 503) return "unavailable_503";
  if (status >= 500) return "server_5xx";
  // 1xx/3xx never reach fetch's caller here (redirects are followed); anything else below 500 is a refusal.
  return "client_4xx";
}

/** Classes worth an incident line: the server failed or could not be reached (refusals and 429 are expected). */
export function isIncident(errorClass: TErrorClass): boolean {
  return (
    errorClass === "server_5xx" ||
    errorClass === "unavailable_503" ||
    errorClass === "timeout" ||
    errorClass === "connection"
  );
}

/** Classes a booking client retries with the same Idempotency-Key. */
export function isRetryable(errorClass: TErrorClass): boolean {
  return errorClass === "rate_limited" || isIncident(errorClass);
}
