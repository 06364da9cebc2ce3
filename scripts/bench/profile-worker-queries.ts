/**
 * A diagnostic preload for the pipeline benchmark's worker processes (BENCH_WORKER_QUERY_PROFILE=<dir> with
 * `BENCH_CELLS=jobs`): counts and times, client-observed, every statement the process sends through node-postgres
 * — the app's pool, the advisory-lock pool, pg-boss — and writes the totals to <dir>/queries-<pid>.json when the
 * process exits. Round trips are what the job path pays for on this machine (loopback TCP), so they are counted
 * where they are sent, without touching the worker's code.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

type TStat = { count: number; ms: number };

const dir = process.env.BENCH_WORKER_QUERY_PROFILE;
const stats = new Map<string, TStat>();

function statementKey(config: unknown): string {
  const text = typeof config === "string" ? config : ((config as { text?: string } | null)?.text ?? "(submittable)");
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 90 ? `${flat.slice(0, 90)}…` : flat;
}

function add(key: string, ms: number): void {
  const stat = stats.get(key) ?? { count: 0, ms: 0 };
  stat.count += 1;
  stat.ms += ms;
  stats.set(key, stat);
}

if (dir) {
  type TQuery = (this: pg.Client, ...args: unknown[]) => unknown;
  const prototype = pg.Client.prototype as unknown as { query: TQuery };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
    const key = statementKey(args[0]);
    const started = performance.now();
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      // pg-pool's query() passes a callback: time until it is called.
      args[last] = (...results: unknown[]) => {
        add(key, performance.now() - started);
        return (callback as (...r: unknown[]) => unknown)(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      const done = () => add(key, performance.now() - started);
      (result as Promise<unknown>).then(done, done);
    } else {
      add(key, 0);
    }
    return result;
  };
  process.on("exit", () => {
    const rows = [...stats.entries()].sort((a, b) => b[1].count - a[1].count);
    writeFileSync(path.join(dir, `queries-${process.pid}.json`), JSON.stringify(rows, null, 1));
  });
}
