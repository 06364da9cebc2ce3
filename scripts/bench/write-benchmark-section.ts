import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// BENCH_DOCS_FILE: write elsewhere (a trial run that must not replace the published figures).
const BENCHMARKS_FILE = process.env.BENCH_DOCS_FILE
  ? path.resolve(process.env.BENCH_DOCS_FILE)
  : path.resolve(import.meta.dirname, "../../docs/benchmarks.md");
const HEADER =
  "# Benchmarks\n\nEach section is rewritten by its `npm run bench:*` script; do not edit between the markers.\n";

/** One line describing where a benchmark ran, so figures are never read without their machine. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, one-thread calibration ${calibrationMs()} ms`;
}

/**
 * Milliseconds one thread takes for a fixed piece of JavaScript (JSON, sorting, string building; the best of five),
 * so figures from two hosts can be compared: cloud VMs sold under the same CPU name differed by 2× here (the same
 * commit's bench:api p95s halved from one session's VM to the next). Lower is faster.
 */
export function calibrationMs(): number {
  const round = () => {
    const started = performance.now();
    let checksum = 0;
    for (let i = 0; i < 2000; i++) {
      const rows = Array.from({ length: 50 }, (_, j) => ({
        id: `b-${i}-${j}`,
        party: (i * 7 + j * 13) % 12,
        at: j * 15,
      }));
      rows.sort((a, b) => a.party - b.party || a.at - b.at);
      checksum += JSON.parse(JSON.stringify(rows)).length;
    }
    if (checksum !== 100_000) throw new Error("calibration miscounted");
    return performance.now() - started;
  };
  return Math.round(Math.min(...Array.from({ length: 5 }, round)));
}

/**
 * Replace (or add) the section `name` of docs/benchmarks.md, so each benchmark owns its section and re-running one
 * never clobbers another's results. A new section goes right after the section `after` when there is one (a
 * script with several sections keeps them together), else at the end.
 */
export function writeBenchmarkSection({
  name,
  markdown,
  after,
}: {
  name: string;
  markdown: string;
  after?: string;
}): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, "utf8") : HEADER;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const anchor = after ? current.indexOf(`<!-- bench:${after}:end -->`) : -1;
  const anchorEnd = anchor >= 0 ? anchor + `<!-- bench:${after}:end -->`.length : -1;
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : anchorEnd >= 0
        ? `${current.slice(0, anchorEnd)}\n\n${block}${current.slice(anchorEnd)}`
        : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS_FILE, next);
}

/** Which code ran: the commit, and how many files under test differed from it (others' work in progress). */
export function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", ["--no-optional-locks", ...args], { encoding: "utf8" }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", "server", "app", "supabase", "scripts/worker.ts")
      .split("\n")
      .filter(Boolean);
    return dirty.length === 0
      ? `commit ${head}`
      : `commit ${head} + ${dirty.length} uncommitted file(s) under server/, app/, supabase/`;
  } catch {
    return "unknown commit";
  }
}
