import { type ErrorCode, errorHints } from "./error-codes";

export type FieldError = { path: string; message: string };

/**
 * A refusal a use case explains: `code` (what kind), the message (what happened, in words), `hint` (what to do
 * next) and `meta` (facts for logs and, per code, for the caller: server/http publishes only the fields its table
 * allows, so meta may hold internal ids). Transport-free: the browser imports it with the booking machine.
 */
export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  readonly hint: string;
  readonly meta: Record<string, unknown>;
  readonly errors: FieldError[] | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { hint?: string; meta?: Record<string, unknown>; errors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? errorHints[code];
    this.meta = options.meta ?? {};
    this.errors = options.errors;
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
