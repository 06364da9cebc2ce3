import { createServer } from "node:net";
import { BrokenCircuitError, TaskCancelledError } from "cockatiel";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { classifyError, isConnectionError } from "./classify-error";
import { TransientError } from "./transient-error";

function pgError(code: string): Error {
  return Object.assign(new Error(`sqlstate ${code}`), { code });
}

describe("classifyError", () => {
  it.each([
    ["serialization failure 40001", pgError("40001"), "transient"],
    ["deadlock 40P01", pgError("40P01"), "transient"],
    ["exclusion violation 23P01 (lost table race)", pgError("23P01"), "transient"],
    ["statement timeout / cancel 57014", pgError("57014"), "transient"],
    ["connection failure 08006", pgError("08006"), "transient"],
    ["admin shutdown 57P01", pgError("57P01"), "transient"],
    ["unique violation 23505", pgError("23505"), "deterministic"],
    ["check violation 23514", pgError("23514"), "deterministic"],
    ["syntax error 42601", pgError("42601"), "deterministic"],
    ["ECONNREFUSED", Object.assign(new Error("connect"), { code: "ECONNREFUSED" }), "transient"],
    [
      "wrapped ECONNRESET",
      new Error("outer", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) }),
      "transient",
    ],
    ["TransientError subclass", new (class LockBusy extends TransientError {})("busy"), "transient"],
    ["BrokenCircuitError", new BrokenCircuitError(), "transient"],
    ["TaskCancelledError (timeout)", new TaskCancelledError(), "transient"],
    ["explicit transient flag", Object.assign(new Error("race"), { transient: true }), "transient"],
    ["explicit deterministic flag", Object.assign(new Error("bad"), { transient: false }), "deterministic"],
    ["plain Error", new Error("bug"), "deterministic"],
    ["TypeError", new TypeError("undefined is not a function"), "deterministic"],
    ["non-error value", "oops", "deterministic"],
    ["undefined", undefined, "deterministic"],
  ])("%s → %s", (_name, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it("treats a real refused PostgreSQL connection as a transient connection error", async () => {
    const client = new pg.Client({ host: "127.0.0.1", port: 1, connectionTimeoutMillis: 1000 });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(classifyError(error)).toBe("transient");
    expect(isConnectionError(error)).toBe(true);
  });

  it("treats a real refused HTTP request (fetch failed) as transient", async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(classifyError(error)).toBe("transient");
  });

  it("does not call a constraint violation a connection error", () => {
    expect(isConnectionError(pgError("23P01"))).toBe(false);
    expect(isConnectionError(pgError("23505"))).toBe(false);
  });
});

/** A port nothing listens on: bind an ephemeral one and close it again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
