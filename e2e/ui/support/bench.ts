import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The UI figures of docs/benchmarks.md: one section, "Ops dashboard (e2e, Chromium)", rewritten in place; each spec
 * that measures owns one part of it (render, live) between its own markers, so a run of one spec keeps the other's
 * last figures. Written only when E2E_WRITE_BENCH=1 or in CI (a developer's run against their dev server measures
 * a dev build, not what the section claims); otherwise the figures are printed.
 */
const FILE = path.resolve(import.meta.dirname, "../../../docs/benchmarks.md");
const START = "<!-- bench:ops-ui:start -->";
const END = "<!-- bench:ops-ui:end -->";
const PARTS = ["render", "live"] as const;
export type TBenchPart = (typeof PARTS)[number];

export const shouldWriteBench = (): boolean => process.env.E2E_WRITE_BENCH === "1" || Boolean(process.env.CI);

/** Median and max (and p95) of samples in ms. */
export function summarise(samples: number[]): { median: number; p95: number; max: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, p95: at(0.95), max: sorted.at(-1) ?? 0, min: sorted[0] ?? 0 };
}

export const ms = (value: number): string => `${Math.round(value)} ms`;
export const verdict = (ok: boolean): string => (ok ? "✅" : "❌");

function machineNote(): string {
  const cpus = os.cpus();
  const gib = Math.round(os.totalmem() / 2 ** 30);
  // The load says how much else ran: on a shared machine the figures measure the contention as much as the app.
  const load = os.loadavg()[0]?.toFixed(1) ?? "?";
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${gib} GiB, Node ${process.version}, load average ${load}`;
}

function skeleton(): string {
  return [
    START,
    "## Ops dashboard (e2e, Chromium)",
    "",
    "Written by the browser suite (`npm run test:ui`, `E2E_WRITE_BENCH=1` or CI) against the production build",
    "(`next build` + `next start`, embedded PGlite, demo data with `MAITRE_DEMO_LARGE_VENUE=1`), in Debian's",
    "Chromium (headless, one worker). Targets from issue #12: timeline first render ≤ 1 s at 60 tables / 250",
    "bookings; live update p95 ≤ 1 s.",
    "",
    ...PARTS.flatMap((part) => [
      `<!-- ops-ui:${part}:start -->`,
      "_not measured yet_",
      `<!-- ops-ui:${part}:end -->`,
      "",
    ]),
    END,
  ].join("\n");
}

/** Prints the part, and (when asked) writes it into its place in docs/benchmarks.md. */
export function recordBench(part: TBenchPart, lines: string[]): void {
  const body = [
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineNote()}.`,
    "",
    ...lines,
  ];
  const text = body.join("\n");
  process.stdout.write(`\n[bench ${part}]\n${text}\n`);
  if (!shouldWriteBench()) {
    process.stdout.write("(not written to docs/benchmarks.md: set E2E_WRITE_BENCH=1)\n");
    return;
  }
  let doc = existsSync(FILE) ? readFileSync(FILE, "utf8") : "# Benchmarks\n";
  if (!doc.includes(START) || !doc.includes(END)) doc = `${doc.trimEnd()}\n\n${skeleton()}\n`;
  const open = `<!-- ops-ui:${part}:start -->`;
  const close = `<!-- ops-ui:${part}:end -->`;
  const [head, rest = ""] = doc.split(START);
  const [section = "", tail = ""] = rest.split(END);
  let inner = section;
  if (!inner.includes(open) || !inner.includes(close)) inner = `${inner.trimEnd()}\n\n${open}\n${close}\n`;
  const before = inner.slice(0, inner.indexOf(open) + open.length);
  const after = inner.slice(inner.indexOf(close));
  writeFileSync(FILE, `${head}${START}${before}\n${text}\n${after}${END}${tail}`);
  process.stdout.write(`docs/benchmarks.md updated (ops dashboard, ${part})\n`);
}
