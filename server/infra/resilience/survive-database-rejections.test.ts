import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, "testing/unhandled-rejection-process.ts");
const ROOT = path.resolve(import.meta.dirname, "../../..");

async function outcome(kind: "connection" | "bug"): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", FIXTURE, kind], { cwd: ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const { code, stdout = "" } = error as { code?: number; stdout?: string };
    return { code: code ?? -1, stdout };
  }
}

describe("a worker process and promise rejections nobody awaited", () => {
  it("lives on when the rejection is a database connection failure (pg-boss's trailing complete/fail)", async () => {
    expect(await outcome("connection")).toEqual({ code: 0, stdout: "alive\n" });
  });

  it("still dies on any other unhandled rejection: a bug is never swallowed", async () => {
    const result = await outcome("bug");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
  });
});
