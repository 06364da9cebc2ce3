import { randomUUID } from "node:crypto";
import { isBrokenCircuitError } from "cockatiel";
import type { z } from "zod";
import { getEnv } from "@/server/env";
import { DomainError, type FieldError } from "@/server/errors/domain-error";
import { getCircuitBreaker } from "@/server/infra/resilience/circuit-breakers";
import { isConnectionError } from "@/server/infra/resilience/classify-error";
import { getLogger, type Logger } from "@/server/infra/telemetry/logger";
import { observeHttpRequest, recordRequestShed, setRequestsInFlight } from "@/server/infra/telemetry/metrics";
import { OVERLOADED_RETRY_AFTER_SECONDS, processAdmission } from "./admission";
import { statusOf } from "./error-statuses";
import { problemResponse, type TAudience } from "./problem";
import { readBodyText } from "./read-body-text";
import { authDescriptorOf, type TRouteMetadata } from "./route-metadata";

/**
 * The one wrapper every route handler uses: request id + child logger, zod-parsed query/body, domain errors
 * rendered as problem+json, anything unexpected logged in full and answered with a 500 that leaks nothing.
 * `auth` runs first: a caller who may not use the route learns nothing about its inputs (401/403 before 400).
 */
type RouteOptions<TQuery extends z.ZodType | undefined, TBody extends z.ZodType | undefined, TAuth> = {
  name: string;
  /** Who is calling (API key, session…), or a DomainError (UNAUTHENTICATED / FORBIDDEN); "public": anyone. */
  auth: "public" | ((request: Request) => Promise<TAuth>);
  query?: TQuery;
  body?: TBody;
  /** Whose eyes read refusals: staff routes may see the staff fields of a problem (conflicting bookings…). */
  audience?: TAudience;
  /** Largest body read, in bytes (413 beyond it, before any parsing). */
  maxBodyBytes?: number;
  /**
   * false: the route must answer while the database is away (GET /api/metrics, whose circuit-state gauge is what an
   * operator watches during the outage), so it does not run behind the database's circuit breaker.
   */
  usesDatabase?: boolean;
  /**
   * false: answered even when the process is at capacity (MAX_IN_FLIGHT_REQUESTS, server/http/admission.ts) —
   * health and metrics, what the load balancer and the operator look at during an overload.
   */
  shed?: boolean;
} & Pick<TRouteMetadata, "summary" | "response" | "successStatus" | "idempotent">;

const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Booking and staff requests are a few hundred bytes; anything near this is a mistake or an attack. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export type RouteContext<TQuery, TBody, TAuth = undefined> = {
  request: Request;
  auth: TAuth;
  query: TQuery;
  body: TBody;
  params: Record<string, string | string[]>;
  requestId: string;
  log: Logger;
};

type NextRouteSecondArg = { params: Promise<Record<string, string | string[]>> };

/** Set (non-enumerable) on every handler withRoute builds, holding its TRouteMetadata: a test proves no exported
 * route handler bypasses withRoute, and /api/openapi.json is generated from it. */
export const WITH_ROUTE_MARKER: unique symbol = Symbol.for("maitre.withRoute");

/** Whether `handler` was built by withRoute (scripts/lint/routes-use-with-route.test.ts walks app/api with it). */
export function isWithRouteHandler(handler: unknown): boolean {
  return routeMetadataOf(handler) !== undefined;
}

/** What a withRoute handler declared (undefined for anything else). */
export function routeMetadataOf(handler: unknown): TRouteMetadata | undefined {
  if (typeof handler !== "function") return undefined;
  return (handler as { [WITH_ROUTE_MARKER]?: TRouteMetadata })[WITH_ROUTE_MARKER];
}

export function withRoute<
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
  TAuth = undefined,
>(
  options: RouteOptions<TQuery, TBody, TAuth>,
  handler: (ctx: RouteContext<Infer<TQuery>, Infer<TBody>, TAuth>) => Promise<Response>,
): (request: Request, second?: NextRouteSecondArg) => Promise<Response> {
  const route = async (request: Request, second?: NextRouteSecondArg): Promise<Response> => {
    const started = performance.now();
    const response = await answer(request, second);
    observeHttpRequest({
      route: options.name,
      method: request.method,
      status: response.status,
      seconds: (performance.now() - started) / 1000,
    });
    return response;
  };
  const answer = async (request: Request, second?: NextRouteSecondArg): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const url = new URL(request.url);
    const log = getLogger().child({ requestId, route: options.name, method: request.method });
    const started = performance.now();
    const admission = options.shed === false ? null : processAdmission(getEnv().MAX_IN_FLIGHT_REQUESTS);
    const release = admission ? admission.tryAdmit() : () => undefined;
    if (!release) {
      recordRequestShed({ route: options.name });
      log.warn({ inFlight: admission?.inFlight() }, "request shed: the process is at capacity");
      return problemResponse({
        code: "OVERLOADED",
        detail: "The server is at capacity and did not look at this request; nothing was changed.",
        meta: { retryAfterSeconds: OVERLOADED_RETRY_AFTER_SECONDS },
        instance: url.pathname,
        requestId,
        headers: { "retry-after": String(OVERLOADED_RETRY_AFTER_SECONDS) },
      });
    }
    if (admission) setRequestsInFlight(admission.inFlight());
    try {
      // Through the database's circuit breaker: connection failures open it, and while it is open requests are
      // answered 503 at once instead of each waiting for a connection timeout.
      const run = async () => {
        const auth = typeof options.auth === "function" ? await options.auth(request) : undefined;
        const query = options.query
          ? parseOrThrow(options.query, Object.fromEntries(url.searchParams), "query")
          : undefined;
        const body = options.body
          ? parseOrThrow(options.body, await readJson(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), "body")
          : undefined;
        const params = second ? await second.params : {};
        return handler({
          request,
          auth: auth as TAuth,
          query: query as Infer<TQuery>,
          body: body as Infer<TBody>,
          params,
          requestId,
          log,
        });
      };
      const response = options.usesDatabase === false ? await run() : await getCircuitBreaker("database").execute(run);
      response.headers.set("x-request-id", requestId);
      log.info({ status: response.status, ms: Math.round(performance.now() - started) }, "request handled");
      return response;
    } catch (error) {
      if (error instanceof DomainError) {
        log.info(
          { code: error.code, status: statusOf(error.code), detail: error.message, meta: error.meta },
          "request refused",
        );
        const retryAfter = error.meta.retryAfterSeconds;
        return problemResponse({
          code: error.code,
          detail: error.message,
          hint: error.hint,
          errors: error.errors,
          meta: error.meta,
          audience: options.audience ?? "public",
          instance: url.pathname,
          requestId,
          ...(typeof retryAfter === "number" ? { headers: { "retry-after": String(retryAfter) } } : {}),
        });
      }
      const outage = dependencyOutage(error);
      if (outage) {
        log.warn({ err: error, dependency: outage.dependency }, "dependency unavailable");
        return problemResponse({
          code: "DEPENDENCY_UNAVAILABLE",
          detail: `The ${outage.dependency} is unavailable; nothing was changed by this request.`,
          meta: outage,
          instance: url.pathname,
          requestId,
          headers: { "retry-after": String(outage.retryAfterSeconds) },
        });
      }
      log.error({ err: error }, "request failed");
      return problemResponse({
        code: "INTERNAL",
        detail: "The server could not complete the request.",
        instance: url.pathname,
        requestId,
      });
    } finally {
      release();
      if (admission) setRequestsInFlight(admission.inFlight());
    }
  };
  const metadata: TRouteMetadata = {
    name: options.name,
    summary: options.summary,
    auth: authDescriptorOf(options.auth),
    query: options.query,
    body: options.body,
    response: options.response,
    successStatus: options.successStatus,
    idempotent: options.idempotent,
  };
  Object.defineProperty(route, WITH_ROUTE_MARKER, { value: metadata, enumerable: false });
  return route;
}

/**
 * A request that failed because the database could not be reached (connection refused or ended, server
 * restarting, circuit open) is a 503 with Retry-After: nothing was written (each write is one transaction),
 * and the same request will succeed once the database is back. Redis failures never get here (they fall back).
 */
function dependencyOutage(error: unknown): { dependency: "database"; retryAfterSeconds: number } | undefined {
  if (isBrokenCircuitError(error) || isConnectionError(error)) {
    return { dependency: "database", retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS };
  }
  return undefined;
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, where: "query" | "body"): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new DomainError("VALIDATION_FAILED", `The ${where} has ${errors.length} invalid field(s).`, { errors });
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("VALIDATION_FAILED", "The body is not valid JSON.", {
      errors: [{ path: "body", message: "invalid JSON" }],
    });
  }
}
