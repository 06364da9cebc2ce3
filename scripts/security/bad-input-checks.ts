import type { TBadCase } from "./bad-input-cases";
import { problemCode, type TAnswer } from "./call-route";
import type { TRouteAccess } from "./route-access-types";

/** A stack frame, a module path or SQL in an answer: what a 500 handler that leaks would show. */
export const LEAK =
  /\bat [^\n]+:\d+:\d+\)|node_modules|\bselect\b[^"\n]{0,80}\bfrom\b|\binsert into\b|violates [a-z ]*constraint|syntax error at|\bpg_/i;

export type TResult = { label: string; expect: string; answer: TAnswer; problems: string[] };

/** The caller the suite sends bad input as: one the route lets in (owner of A for every staff route). */
export function allowedCallerOf(access: TRouteAccess): "no credentials" | "API key of A" | "owner of A" {
  return access.auth === "public" ? "no credentials" : access.auth === "apiKey" ? "API key of A" : "owner of A";
}

/** Free-text fields whose success answer shows them: hostile text accepted there must come back exactly as sent. */
export const RENDERED_BACK: Record<string, string[]> = {
  "POST /api/bookings": ["guestName"], // the booking client's answer has no notes
  "POST /api/ops/bookings": ["guestName", "notes"],
  "PATCH /api/ops/bookings/{id}": ["notes"],
  "PATCH /api/ops/restaurants/{id}/guests/{guestId}": ["notes"],
  "POST /api/ops/restaurants": ["name"],
  "POST /api/ops/restaurants/{id}/api-keys": ["name"],
  "POST /api/ops/restaurants/{id}/service/exceptions": ["note"],
};

/** Every string anywhere in a JSON answer. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(stringsIn);
}

/**
 * What is wrong with one answer (empty: fine): a 5xx, a stack or SQL in it, a refusal that is not problem+json with
 * a code or that wrote rows, or not the refusal the case's kind calls for (400, 413, a 4xx).
 */
export function problemsOf(key: string, c: TBadCase, answer: TAnswer, wrote: string[], publicRoute: boolean): string[] {
  const problems: string[] = [];
  const code = problemCode(answer);
  if (answer.status >= 500) problems.push("a 5xx");
  if (answer.status >= 400) {
    if (LEAK.test(answer.text)) problems.push("a stack trace or SQL in the answer");
    if (!code) problems.push("no problem+json code");
    if (wrote.length > 0) problems.push(`wrote ${wrote.join(", ")}`);
  }
  if (c.expect === "schema" && (answer.status !== 400 || code !== "VALIDATION_FAILED"))
    problems.push("not 400 VALIDATION_FAILED");
  if (c.expect === "too_large" && (answer.status !== 413 || code !== "PAYLOAD_TOO_LARGE"))
    problems.push("not 413 PAYLOAD_TOO_LARGE");
  if (c.expect === "refused" && (answer.status < 400 || answer.status >= 500)) problems.push("not refused (4xx)");
  if (!publicRoute && [401, 403, 429].includes(answer.status)) problems.push("an auth answer to a valid caller");
  if (answer.status < 300 && c.sent && RENDERED_BACK[key]?.includes(c.sent.field)) {
    if (!stringsIn(JSON.parse(answer.text)).includes(c.sent.value))
      problems.push(`${c.sent.field} not rendered back verbatim`);
  }
  return problems;
}
