import { afterEach, describe, expect, it } from "vitest";
import { createLockManager } from "./create-lock-manager";
import type { LockManager } from "./lock-types";
import { silentLog } from "./testing/lock-adapter-contract";

describe("createLockManager picks the store for the runtime shape", () => {
  const managers: LockManager[] = [];
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
  });
  const upstash = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "t" };
  const database = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" };

  it.each([
    ["embedded (nothing configured)", {}, "memory"],
    ["DATABASE_URL only", database, "postgres"],
    ["Upstash + DATABASE_URL", { ...upstash, ...database }, "upstash>postgres"],
    ["Upstash on PGlite", upstash, "upstash>memory"],
  ])("%s → %s", (_shape, env, expected) => {
    const manager = createLockManager({ env, log: silentLog });
    managers.push(manager);
    expect(manager.adapter).toBe(expected);
  });

  it("runs fn under the in-process lock in the embedded shape", async () => {
    const manager = createLockManager({ env: {}, log: silentLog });
    managers.push(manager);
    const result = await manager.withLock("booking:embedded", 1000, async (lock) => {
      expect(lock.adapter).toBe("memory");
      expect(lock.token).toMatch(/^[0-9a-f-]{36}$/);
      return "done";
    });
    expect(result).toBe("done");
  });
});
