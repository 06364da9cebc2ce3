import {
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isIsolatedCircuitError,
  isTaskCancelledError,
  TaskCancelledError,
} from "cockatiel";
import { TransientError } from "./transient-error";

export type ErrorClass = "transient" | "deterministic";

/**
 * SQLSTATEs that succeed when tried again: serialization failure and deadlock (another transaction won),
 * exclusion violation (a concurrent commit took the table: re-plan with fresh occupancy), statement timeout /
 * cancel, lock timeout, too many connections, server shutting down or restarting.
 */
const TRANSIENT_SQLSTATES = new Set(["40001", "40P01", "23P01", "57014", "55P03", "53300", "57P01", "57P02", "57P03"]);
/** Class 08 (connection exception) is transient as a whole. */
const CONNECTION_SQLSTATE_CLASS = "08";
const CONNECTION_SQLSTATES = new Set(["53300", "57P01", "57P02", "57P03"]);
const TRANSIENT_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
// pg and pg-pool report some connection failures only through their message.
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|connection error|socket hang up/i;
const MAX_CAUSE_DEPTH = 5;

/**
 * Transient failures are retried (pg-boss retry, cockatiel retry, re-plan); deterministic ones are not: they
 * would fail the same way again and go to manual review with their reason. Unknown errors are deterministic,
 * so a bug surfaces instead of looping. An error may decide for itself with a boolean `transient` property.
 */
export function classifyError(error: unknown): ErrorClass {
  return someInChain(error, isTransientItself) ? "transient" : "deterministic";
}

export function isTransientError(error: unknown): boolean {
  return classifyError(error) === "transient";
}

/** Failures that say the dependency itself is unreachable or overloaded (what opens a database circuit). */
export function isConnectionError(error: unknown): boolean {
  return someInChain(error, (e) => {
    const code = readCode(e);
    if (code && (TRANSIENT_ERRNO.has(code) || CONNECTION_SQLSTATES.has(code))) return true;
    if (code?.length === 5 && code.startsWith(CONNECTION_SQLSTATE_CLASS)) return true;
    return e instanceof Error && CONNECTION_MESSAGES.test(e.message);
  });
}

function isTransientItself(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (isRecord(error) && typeof error.transient === "boolean") return error.transient;
  if (isBrokenCircuitError(error) || isIsolatedCircuitError(error)) return true;
  // cockatiel 3.2's isTaskCancelledError tests the bulkhead's flag, so a timeout would look deterministic;
  // instanceof covers it (cockatiel 4 fixes the guard but needs Node 22).
  if (error instanceof TaskCancelledError || isTaskCancelledError(error) || isBulkheadRejectedError(error)) return true;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return true;
  const code = readCode(error);
  if (code && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_ERRNO.has(code))) return true;
  return isConnectionError(error);
}

function someInChain(error: unknown, predicate: (e: unknown) => boolean, depth = 0): boolean {
  if (error === undefined || error === null || depth > MAX_CAUSE_DEPTH) return false;
  if (predicate(error)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => someInChain(e, predicate, depth + 1))) return true;
  return isRecord(error) && "cause" in error && someInChain(error.cause, predicate, depth + 1);
}

function readCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === "string" ? error.code : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
