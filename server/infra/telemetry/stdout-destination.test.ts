import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The root logger's stdout: buffered lines still reach the reader within LOG_FLUSH_MS when traffic is light (the
 * child below logs one line, then stays alive), and LOG_FLUSH_MS=0 writes at once. A child process, because the
 * destination is file descriptor 1 itself.
 */
const CHILD = `
import { getLogger } from ${JSON.stringify(path.join(import.meta.dirname, "logger.ts"))};
getLogger().info({ probe: "light-traffic" }, "one line");
setTimeout(() => {}, 10_000);
`;

function firstLineDelayMs(flushMs: string): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    env: { ...process.env, LOG_FLUSH_MS: flushMs, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = Date.now();
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no log line within 8 s:\n${errors}`));
    }, 8_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (!chunk.toString("utf8").includes('"probe":"light-traffic"')) return;
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve(Date.now() - started);
    });
  });
}

describe("stdoutDestination", () => {
  it("delivers a buffered line within the flush interval when nothing else is logged", async () => {
    // Written by the 300 ms flush, not by the 4 KB buffer filling up or the process exiting (it is SIGKILLed).
    await expect(firstLineDelayMs("300")).resolves.toBeLessThan(8_000);
  }, 15_000);

  it("writes each line at once with LOG_FLUSH_MS=0", async () => {
    await expect(firstLineDelayMs("0")).resolves.toBeLessThan(8_000);
  }, 15_000);
});
