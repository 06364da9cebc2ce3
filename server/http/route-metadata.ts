import type { z } from "zod";

/**
 * What a route handler declares about itself, kept on the handler withRoute builds (a non-enumerable symbol): who
 * may call it, what it parses, what it answers. /api/openapi.json is generated from it, so the reference can not
 * drift from the schemas the routes really validate with.
 */
export type TRouteAuthDescriptor =
  | { kind: "public" }
  | { kind: "staff" }
  | { kind: "apiKey"; scope: string }
  /** An auth function nobody labelled with describedAuth(): the OpenAPI test fails on it. */
  | { kind: "unlabelled" };

export type TRouteMetadata = {
  name: string;
  summary?: string;
  auth: TRouteAuthDescriptor;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success body's schema, when the route declares one. */
  response?: z.ZodType;
  /** The success status (200 unless the route says otherwise, e.g. 201 for creates, 204 for no body). */
  successStatus?: number;
  /** Whether the route reads an Idempotency-Key header. */
  idempotent?: boolean;
};

const AUTH_DESCRIPTOR: unique symbol = Symbol.for("maitre.routeAuth");

/** Labels an auth function (staffAuth(), bookingClientAuth(scope)) for the API reference: a new function each
 * call, so one authenticator can serve many routes. */
export function describedAuth<T>(
  auth: (request: Request) => Promise<T>,
  descriptor: TRouteAuthDescriptor,
): (request: Request) => Promise<T> {
  const labelled = (request: Request) => auth(request);
  Object.defineProperty(labelled, AUTH_DESCRIPTOR, { value: descriptor, enumerable: false });
  return labelled;
}

export function authDescriptorOf(auth: unknown): TRouteAuthDescriptor {
  if (auth === undefined || auth === "public") return { kind: "public" };
  const descriptor = (auth as { [AUTH_DESCRIPTOR]?: TRouteAuthDescriptor })[AUTH_DESCRIPTOR];
  return descriptor ?? { kind: "unlabelled" };
}
