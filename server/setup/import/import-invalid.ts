import { DomainError } from "@/server/errors/domain-error";
import { MAX_REPORTED_ERRORS, type TImportKind, type TImportRowError } from "./import-schema";

/** IMPORT_INVALID (422) carrying the row errors in file order (at most MAX_REPORTED_ERRORS, and the total). */
export function importInvalid(kind: TImportKind, errors: readonly TImportRowError[]): DomainError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
  return new DomainError(
    "IMPORT_INVALID",
    `${errors.length} error${errors.length === 1 ? "" : "s"} in the ${kind} file; nothing was imported`,
    { meta: { kind, rowErrors: shown, totalErrors: errors.length } },
  );
}

/** "line 3, party_size: must be at least 1" (CSV) or "item 3, …" (JSON), for the CLI and logs. */
export function describeRowError(error: TImportRowError, unit: "line" | "item" = "line"): string {
  return `${unit} ${error.line}${error.field ? `, ${error.field}` : ""}: ${error.message}`;
}
