import { z } from "zod";
import { errorHints } from "@/server/errors/error-codes";
import { errorStatuses } from "./error-statuses";
import type { TRouteMetadata } from "./route-metadata";
import { routeMetadataOf } from "./with-route";

/**
 * /api/openapi.json, generated from what every withRoute handler declares (route-metadata.ts): its auth, the zod
 * schemas it parses the query and body with, its success body. Nothing here is written twice by hand, so the
 * reference can not promise a field the route does not validate. Errors are the one problem+json shape, with the
 * statuses each kind of route can answer.
 */
export type TRouteModule = { path: string; module: Record<string, unknown> };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

type JsonObject = Record<string, unknown>;

export function buildOpenApi({ routes, version }: { routes: readonly TRouteModule[]; version: string }): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const { path, module } of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const item: JsonObject = {};
    for (const method of METHODS) {
      const metadata = routeMetadataOf(module[method.toUpperCase()]);
      if (metadata) item[method] = operationOf({ path, method, metadata });
    }
    if (Object.keys(item).length > 0) paths[path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Maitre API",
      version,
      description:
        "Restaurant table assignment. Booking clients authenticate with an API key (Authorization: Bearer or " +
        "X-API-Key); staff with the session cookie set by POST /api/auth/session. Every error is " +
        "application/problem+json with a `code` and a `hint` saying what to do next (docs/api.md).",
    },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A restaurant's API key (mt_…)" },
        staffSession: { type: "apiKey", in: "cookie", name: "maitre_session" },
      },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
  };
}

function operationOf({
  path,
  method,
  metadata,
}: {
  path: string;
  method: (typeof METHODS)[number];
  metadata: TRouteMetadata;
}): JsonObject {
  const parameters = [...pathParameters(path), ...queryParameters(metadata.query)];
  if (metadata.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Replays answer 200 with the first answer's body; the same key with another request is 422",
      schema: { type: "string", minLength: 8, maxLength: 200 },
    });
  }
  const success = metadata.successStatus ?? 200;
  const operation: JsonObject = {
    operationId: metadata.name,
    summary: metadata.summary ?? metadata.name,
    tags: [path.split("/")[2] ?? "api"],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(metadata.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(metadata.body) } } } }
      : {}),
    responses: {
      [String(success)]:
        success === 204
          ? { description: "Done" }
          : {
              description: "Success",
              content: {
                "application/json": { schema: metadata.response ? jsonSchemaOf(metadata.response, "output") : {} },
              },
            },
      ...problemResponses({ method, metadata }),
    },
  };
  if (metadata.auth.kind === "staff" || metadata.auth.kind === "unlabelled")
    operation.security = [{ staffSession: [] }];
  else if (metadata.auth.kind === "apiKey") {
    operation.security = [{ apiKey: [] }];
    operation["x-scope"] = metadata.auth.scope;
  } else operation.security = [];
  return operation;
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function queryParameters(query: z.ZodType | undefined): JsonObject[] {
  if (!query) return [];
  const schema = jsonSchemaOf(query) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonObject {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
  return json as JsonObject;
}

/** The problem statuses a route can answer, from what it declares: auth, a body, a query. */
function problemResponses({
  method,
  metadata,
}: {
  method: string;
  metadata: TRouteMetadata;
}): Record<string, JsonObject> {
  const statuses = new Set<number>([500, 503]);
  if (metadata.query || metadata.body) statuses.add(400);
  if (metadata.body) statuses.add(413);
  if (metadata.auth.kind !== "public") statuses.add(401);
  // Booking clients are rate limited per key; staff per sign-in attempt (POST /api/auth/session, public).
  if (metadata.auth.kind === "apiKey" || (metadata.auth.kind === "public" && metadata.body)) statuses.add(429);
  if (metadata.auth.kind !== "public") statuses.add(403).add(404);
  if (method !== "get") statuses.add(409).add(422);
  if (metadata.auth.kind === "staff" && method !== "get") statuses.add(410);
  const responses: Record<string, JsonObject> = {};
  for (const status of [...statuses].sort()) {
    const codes = Object.entries(errorStatuses)
      .filter(([, spec]) => spec.status === status)
      .map(([code]) => code);
    responses[String(status)] = {
      description: codes.map((code) => `${code}: ${errorHints[code as keyof typeof errorHints]}`).join("; "),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return responses;
}

const PROBLEM_SCHEMA = {
  type: "object",
  required: ["type", "title", "status", "detail", "code", "hint"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", enum: Object.keys(errorStatuses) },
    hint: { type: "string", description: "What to do next" },
    instance: { type: "string" },
    requestId: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
  additionalProperties: true,
} as const;
