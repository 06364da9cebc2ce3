import http from "node:http";
import type { TFailure } from "./classify-answer";
import { nodeHttpRequest } from "./node-http-request";

/** One keep-alive agent for every simulated client: sockets are reused across them, as a client fleet's proxy would. */
const agent = new http.Agent({ keepAlive: true });

/** What one HTTP exchange gave the load generator. */
export type TExchange = {
  sentAt: number;
  receivedAt: number;
  status: number | null;
  failure: TFailure | null;
  /** The parsed JSON body, or null (not JSON, or no answer). */
  json: unknown;
  /** problem+json `code`, when the answer is a refusal. */
  code: string | null;
  retryAfterSeconds: number | null;
  headers: Headers | null;
};

/** One request with a client timeout; never throws (a missing answer is `status: null` with why). */
export async function exchange(url: string, init: RequestInit, timeoutMs: number): Promise<TExchange> {
  const sentAt = Date.now();
  // An explicit controller and timer, not AbortSignal.timeout: under heavy load a few of those never fired (their
  // timers are weakly held) and the run waited for ever on requests that should have timed out.
  // The race settles even if fetch ignored its signal.
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError");
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
  });
  try {
    const body = typeof init.body === "string" ? init.body : undefined;
    const response = await Promise.race([
      nodeHttpRequest(url, {
        method: init.method,
        headers: Object.fromEntries(new Headers(init.headers)),
        body,
        agent,
        signal: controller.signal,
      }),
      timedOut,
    ]);
    const { text } = response;
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    const code = (json as { code?: unknown } | null)?.code;
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      sentAt,
      receivedAt: Date.now(),
      status: response.status,
      failure: null,
      json,
      code: typeof code === "string" ? code : null,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      headers: response.headers,
    };
  } catch (error) {
    return {
      sentAt,
      receivedAt: Date.now(),
      status: null,
      failure: failureOf(error),
      json: null,
      code: null,
      retryAfterSeconds: null,
      headers: null,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The timer rejects with a TimeoutError; anything else the request throws is the connection (refused, reset). */
export function failureOf(error: unknown): TFailure {
  const name = error instanceof Error ? error.name : "";
  return name === "TimeoutError" || name === "AbortError" ? "timeout" : "connection";
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
