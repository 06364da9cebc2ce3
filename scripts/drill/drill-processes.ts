import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export type TExit = { code: number | null; signal: NodeJS.Signals | null; at: number };

/** A child of the drill: its whole output is kept (in memory and in `<logDir>/<name>.log`). */
export type TDrillProcess = {
  name: string;
  role: "web" | "worker" | "proxy";
  child: ChildProcess;
  pid: number;
  logPath: string;
  startedAt: number;
  /** Set before the drill kills it on purpose (a fault), so the crash check does not count it. */
  killedOnPurpose: boolean;
  exit: TExit | null;
  exited: Promise<TExit>;
  output(): string;
};

const running = new Set<TDrillProcess>();

/**
 * Each child leads its own process group (detached), so `next dev` and its server child die together, and the
 * drill's own Ctrl-C reaches them only through the drill's cleanup.
 */
export function spawnDrillProcess({
  name,
  role,
  command,
  args,
  env,
  logDir,
}: {
  name: string;
  role: TDrillProcess["role"];
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  logDir: string;
}): TDrillProcess {
  const profiled = withCpuProfile(command, args, name);
  const child = spawn(profiled.command, profiled.args, {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const logPath = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  let output = "";
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    log.write(chunk);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const proc: TDrillProcess = {
    name,
    role,
    child,
    pid: child.pid,
    logPath,
    startedAt: Date.now(),
    killedOnPurpose: false,
    exit: null,
    exited: new Promise<TExit>((resolve) => {
      child.once("exit", (code, signal) => {
        proc.exit = { code, signal, at: Date.now() };
        running.delete(proc);
        log.end();
        resolve(proc.exit);
      });
    }),
    output: () => output,
  };
  running.add(proc);
  return proc;
}

/**
 * `DRILL_CPU_PROF_DIR=/tmp/prof npm run soak …`: every child (a Node script) runs under `node --cpu-prof` and writes a
 * V8 CPU profile into DIR/<name>/ when it stops gracefully — open it in Chrome DevTools or summarise it with
 * `npm run --silent profile:summary -- FILE`. The way to see where a drill's CPU goes; off unless set.
 */
function withCpuProfile(command: string, args: string[], name: string): { command: string; args: string[] } {
  const dir = process.env.DRILL_CPU_PROF_DIR;
  if (!dir) return { command, args };
  const flags = ["--cpu-prof", `--cpu-prof-dir=${path.join(dir, name)}`];
  if (command === process.execPath) return { command, args: [...flags, ...args] };
  return { command: process.execPath, args: [...flags, command, ...args] };
}

function signalGroup(proc: TDrillProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** A fault: SIGKILL, no chance to clean up (what an OOM kill or a lost host does). */
export function killOnPurpose(proc: TDrillProcess): number {
  proc.killedOnPurpose = true;
  const at = Date.now();
  signalGroup(proc, "SIGKILL");
  return at;
}

/** Graceful stop (SIGTERM, then SIGKILL after timeoutMs); resolves with how it ended. */
export async function stopDrillProcess(proc: TDrillProcess, { timeoutMs = 15_000 } = {}): Promise<TExit> {
  if (proc.exit) return proc.exit;
  signalGroup(proc, "SIGTERM");
  const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  const exit = await Promise.race([proc.exited, timer]);
  if (exit) {
    // The group may still hold children (next dev's server): make sure nothing outlives the drill.
    signalGroup(proc, "SIGKILL");
    return exit;
  }
  signalGroup(proc, "SIGKILL");
  return proc.exited;
}

/** Last resort (signal handler, watchdog): every child still running, SIGKILL, synchronously. */
export function killAllDrillProcesses(): void {
  for (const proc of running) signalGroup(proc, "SIGKILL");
}

export async function waitForOutput(proc: TDrillProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().includes(text)) {
    if (proc.exit) throw new Error(`${proc.name} exited (${describeExit(proc.exit)}) before "${text}":\n${tail(proc)}`);
    if (Date.now() > deadline)
      throw new Error(`${proc.name} did not print "${text}" within ${timeoutMs} ms:\n${tail(proc)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function describeExit(exit: TExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

export function tail(proc: TDrillProcess, chars = 3000): string {
  return proc.output().slice(-chars);
}

/** What a crashed Node process leaves in its output: an unhandled 'error' event, or the fatal-error footer. */
const CRASH_PATTERNS = [/Unhandled 'error' event/, /^Node\.js v\d+\.\d+\.\d+$/m, /uncaughtException/];

export function crashSigns(proc: TDrillProcess): string[] {
  const text = proc.output();
  return CRASH_PATTERNS.filter((pattern) => pattern.test(text)).map((pattern) => pattern.source);
}

/** What the crash said: the error line and its frames in this project or its dependencies (else null). */
export function crashExcerpt(proc: TDrillProcess): string | null {
  const text = proc.output();
  const footer = text.search(/^Node\.js v\d+\.\d+\.\d+$/m);
  const before = (footer >= 0 ? text.slice(0, footer) : text).split("\n").slice(-60);
  const errorLine = before.find((line) => /^\w*(Error|error)\b.*:/.test(line.trim()));
  const frames = before
    .filter((line) => /^\s+at .*(node_modules|\/server\/|\/scripts\/)/.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^at /, "")
        .replace(/\s*\{$/, "")
        .replaceAll(`${ROOT}/`, ""),
    )
    .slice(0, 4);
  if (!errorLine) return null;
  return `${errorLine.trim()}${frames.length > 0 ? ` [${frames.join(" ← ")}]` : ""}`;
}

/** Descendant pids of `pid` (next dev runs its server in a child process: a crash there restarts that child). */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm may contain spaces and parentheses: fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const child of children.get(current) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Local TCP port → pid, for the given pids' sockets (/proc/net/tcp{,6} + /proc/<pid>/fd): which process owns the
 * client side of a PostgreSQL session (pg_stat_activity.client_port).
 */
export function socketPortsByPid(pids: readonly number[]): Map<number, number> {
  const inodeToPid = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const target = readlinkSafe(`/proc/${pid}/fd/${fd}`);
      const match = target ? /^socket:\[(\d+)\]$/.exec(target) : null;
      if (match?.[1]) inodeToPid.set(match[1], pid);
    }
  }
  const ports = new Map<number, number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode) continue;
      const pid = inodeToPid.get(inode);
      if (pid === undefined) continue;
      ports.set(Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16), pid);
    }
  }
  return ports;
}

function readlinkSafe(file: string): string | null {
  try {
    return readlinkSync(file);
  } catch {
    return null;
  }
}
