import type { TInvariantReport } from "./invariant-types";

/** At most this many violations are printed per invariant (the JSON output has them all). */
const PRINT_LIMIT = 50;

/** The report for a person: one line per invariant, then each violation with the rows to look at. */
export function formatInvariantReport(report: TInvariantReport, { target }: { target: string }): string {
  const scope = [
    report.filter.restaurantId ? `restaurant ${report.filter.restaurantId}` : "all restaurants",
    report.filter.date ? `date ${report.filter.date}` : "all dates",
  ].join(", ");
  const lines = [`Invariants of ${target} (${scope}) at ${report.checkedAt}, read-only snapshot:`];
  for (const result of report.results) {
    if (result.status === "skipped") {
      lines.push(`  SKIP ${result.name}: ${result.skipReason}`);
      continue;
    }
    const mark = result.status === "ok" ? "  ok  " : "  FAIL";
    const count = result.status === "ok" ? "" : `: ${result.violations.length} violation(s)`;
    lines.push(`${mark} ${result.name}${count} (${result.ms} ms)`);
    for (const violation of result.violations.slice(0, PRINT_LIMIT)) {
      lines.push(`         - ${violation.message}`);
      lines.push(`           ${JSON.stringify(violation.details)}`);
    }
    if (result.violations.length > PRINT_LIMIT) {
      lines.push(`         … and ${result.violations.length - PRINT_LIMIT} more (--json lists them all)`);
    }
  }
  const failed = report.results.filter((r) => r.status === "violated").length;
  lines.push(
    report.ok
      ? `All invariants hold (${report.ms} ms).`
      : `${report.violationCount} violation(s) of ${failed} invariant(s) (${report.ms} ms).`,
  );
  return `${lines.join("\n")}\n`;
}
