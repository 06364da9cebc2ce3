import { z } from "zod";

// zod compiles object parsers with `new Function` after probing whether eval is allowed; under our CSP (no
// 'unsafe-eval' in production, server/http/security-headers.mjs) the browser reports that probe as a violation
// even though zod catches it. Interpreted parsing avoids the probe; API answers are small, the cost is nil. The
// browser only: this module is also rendered on the server, whose route handlers keep the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

/**
 * A refused or failed API call, from the route's problem+json: the UI shows `hint` (what to do next), reads `code`
 * to react (409 STALE_VERSION → refetch), and `body` for what a problem carries beyond the standard fields
 * (`checks` of a refused hold, `current` of a stale booking, `contextVersion`, `nextTimes`…).
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly hint: string;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === "string" ? body.title : `The server answered ${status}`;
    const detail = typeof body.detail === "string" ? body.detail : "";
    super(detail || title);
    this.name = "ApiProblem";
    this.status = status;
    this.code = typeof body.code === "string" ? body.code : `HTTP_${status}`;
    this.title = title;
    this.hint =
      typeof body.hint === "string" && body.hint
        ? body.hint
        : status >= 500
          ? "The server could not answer; try again in a moment."
          : detail || title;
    this.body = body;
  }
}

export type TApiFetchInit = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** JSON request body. */
  body?: unknown;
  /** Sent as `Idempotency-Key` (creates and confirmations: a retried click never books twice). */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/**
 * The browser's one way to call the API: same-origin with the session cookie, JSON in, the answer parsed with the
 * route's own zod schema (a contract drift fails loudly here, not three components later), and any refusal thrown
 * as an ApiProblem carrying the problem's hint.
 */
export async function apiFetch<TSchema extends z.ZodType>(
  url: string,
  schema: TSchema,
  init: TApiFetchInit = {},
): Promise<z.infer<TSchema>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: init.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiProblem(0, {
      title: "No connection",
      code: "NETWORK",
      hint: "The server could not be reached; check the connection and try again.",
    });
  }
  if (response.status === 204) return schema.parse(undefined);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    if (response.status === 401 && typeof window !== "undefined") {
      // The session ended (12 hours, or signed out elsewhere): back to sign-in.
      window.location.assign("/login");
    }
    throw new ApiProblem(response.status, json && typeof json === "object" ? (json as Record<string, unknown>) : {});
  }
  return schema.parse(json);
}

/** A fresh key per user action (a retry of the same action reuses it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
