import { type ErrorCode, errorCodes, type FieldError } from "./errors";

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

/** RFC 9457 problem details; `type` points at the error code's section of the API reference. */
export function problemResponse({
  code,
  detail,
  hint,
  errors,
  instance,
  requestId,
  meta,
  headers,
}: {
  code: ErrorCode;
  detail: string;
  hint?: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
}): Response {
  const spec = errorCodes[code];
  const body: Problem = {
    ...meta,
    type: `/docs/errors#${code.toLowerCase()}`,
    title: spec.title,
    status: spec.status,
    detail,
    code,
    hint: hint ?? spec.hint,
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
