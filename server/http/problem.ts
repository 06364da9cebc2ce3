import type { FieldError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";
import { errorHints } from "@/server/errors/error-codes";
import { type ErrorSpec, errorStatuses } from "./error-statuses";

/** Who reads the body: a booking client (or anyone) sees only a code's public fields; staff also its staff ones. */
export type TAudience = "public" | "staff";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  hint: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
} & Record<string, unknown>;

/**
 * RFC 9457 problem details; `type` points at the error code's section of the API reference. Of `meta`, only the
 * fields the code's entry in errorStatuses allows for `audience` are published (never SQL states, SQL text, stacks).
 */
export function problemResponse({
  code,
  detail,
  hint,
  errors,
  instance,
  requestId,
  meta,
  headers,
  audience = "public",
}: {
  code: ErrorCode;
  detail: string;
  hint?: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
  audience?: TAudience;
}): Response {
  const spec: ErrorSpec = errorStatuses[code];
  const publicDetail = audience === "public" && spec.staffDetail ? `${spec.title}.` : detail;
  const body: Problem = {
    ...pickAllowed(meta, spec, audience),
    type: `/docs/errors#${code.toLowerCase()}`,
    title: spec.title,
    status: spec.status,
    detail: publicDetail,
    code,
    hint: publicDetail === detail ? (hint ?? errorHints[code]) : errorHints[code],
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(errors ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: spec.status,
    headers: {
      "content-type": "application/problem+json",
      ...(requestId ? { "x-request-id": requestId } : {}),
      ...headers,
    },
  });
}

function pickAllowed(
  meta: Record<string, unknown> | undefined,
  spec: ErrorSpec,
  audience: TAudience,
): Record<string, unknown> {
  if (!meta) return {};
  const allowed = [...(spec.public ?? []), ...(audience === "staff" ? (spec.staff ?? []) : [])];
  const picked: Record<string, unknown> = {};
  // `status` is the problem's HTTP status (RFC 9457): the state of the thing refused (a booking's, a run's) is
  // published as `currentStatus` instead of being overwritten by it.
  for (const key of allowed) if (meta[key] !== undefined) picked[key === "status" ? "currentStatus" : key] = meta[key];
  return picked;
}
