import { z } from "zod";

// C0 controls except tab (\t), newline (\n) and carriage return (\r), DEL, and the C1 block. U+0000 cannot be
// stored in PostgreSQL text at all; the rest are invisible, break CSV exports and emails, and no guest types them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A UTF-16 surrogate without its pair (JSON allows "\ud800"): not a character, and not storable as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Single-line fields refuse line breaks and tabs too.
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;

/**
 * Text a person typed: no control characters (tab and line breaks only where `multiline`), no broken UTF-16,
 * trimmed when `trim`. Each refusal names the problem so a client can fix its input.
 */
export function zText({
  min = 0,
  max,
  multiline = false,
  trim = true,
}: {
  min?: number;
  max: number;
  multiline?: boolean;
  trim?: boolean;
}) {
  const base = trim ? z.string().trim() : z.string();
  return base
    .min(min)
    .max(max)
    .refine((value) => !FORBIDDEN_CONTROL.test(value), { message: "must not contain control characters" })
    .refine((value) => !LONE_SURROGATE.test(value), { message: "must be valid Unicode text" })
    .refine((value) => multiline || !LINE_BREAK_OR_TAB.test(value), {
      message: "must be one line (no tabs or line breaks)",
    });
}

/**
 * A start time as booking clients send it: restaurant-local `YYYY-MM-DDTHH:MM[:SS]` or an ISO instant with `Z` or
 * an offset. Four-digit years only (`+010000-…` is valid ISO and valid JavaScript, and nonsense for a booking).
 */
export const zStartsAt = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i, {
    message: "must be YYYY-MM-DDTHH:MM (restaurant time) or an ISO date-time with Z or an offset",
  });
