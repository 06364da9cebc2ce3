import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("environment", () => {
  it("needs no variable: embedded defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ databaseKind: "pglite", DATA_DIR: ".data", DEMO_SEED: true, NODE_ENV: "development" });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.MAITRE_DEMO_LARGE_VENUE).toBe(false);
  });

  it("adds the large demo venue only when asked", () => {
    expect(parseEnv({ MAITRE_DEMO_LARGE_VENUE: "1" }).MAITRE_DEMO_LARGE_VENUE).toBe(true);
    expect(parseEnv({ MAITRE_DEMO_LARGE_VENUE: "0" }).MAITRE_DEMO_LARGE_VENUE).toBe(false);
    expect(() => parseEnv({ MAITRE_DEMO_LARGE_VENUE: "maybe" })).toThrow(/- MAITRE_DEMO_LARGE_VENUE:/);
  });

  it("switches to PostgreSQL with DATABASE_URL and stops seeding unless asked", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@h:5432/db" })).toMatchObject({
      databaseKind: "postgres",
      DEMO_SEED: false,
    });
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db", DEMO_SEED: "1" }).DEMO_SEED).toBe(true);
  });

  it("takes OPTIMIZER_CRON as a five-field cron or off", () => {
    expect(parseEnv({ OPTIMIZER_CRON: "0 10,15 * * *" }).OPTIMIZER_CRON).toBe("0 10,15 * * *");
    expect(parseEnv({ OPTIMIZER_CRON: "off" }).OPTIMIZER_CRON).toBe("off");
    expect(parseEnv({}).OPTIMIZER_CRON).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" }, "UPSTASH_REDIS_REST_TOKEN"],
    [{ NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" }, "NEXT_PUBLIC_SUPABASE_URL"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ NODE_ENV: "production" }, "SESSION_SECRET"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ DATABASE_POOL_MAX: "0" }, "DATABASE_POOL_MAX"],
    [{ LOCK_POOL_MAX: "none" }, "LOCK_POOL_MAX"],
    [{ OPTIMIZER_CRON: "every hour" }, "OPTIMIZER_CRON"],
  ])("fails fast naming the variable: %o", (source, variable) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`- ${variable}:`));
  });
});
