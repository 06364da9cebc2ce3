import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { expect, it } from "vitest";
import { describeWithRedis } from "@/server/testing/redis";
import { sha1 } from "./upstash-local/rewrite-script-flags";

// The unmodified clients against the proxy: what `npm run upstash:local` promises.
describeWithRedis("upstash-local proxy with the real @upstash/redis client", ({ upstash }) => {
  const client = (options: { responseEncoding?: false } = {}) =>
    new Redis({ url: upstash().url, token: upstash().token, retry: false, enableTelemetry: false, ...options });
  const k = (name: string) => `${upstash().prefix}${name}`;

  it("runs single commands with base64 responses (binary-safe, JSON auto-deserialised)", async () => {
    const redis = client();
    expect(await redis.set(k("text"), "héllo wörld ✓")).toBe("OK");
    expect(await redis.get(k("text"))).toBe("héllo wörld ✓");
    await redis.set(k("json"), { party: 4, tags: ["vip"] });
    expect(await redis.get(k("json"))).toEqual({ party: 4, tags: ["vip"] });
    expect(await redis.incrby(k("n"), 5)).toBe(5);
    await redis.hset(k("h"), { a: "1", b: "x" });
    expect(await redis.hgetall(k("h"))).toEqual({ a: 1, b: "x" });
    expect(await redis.get(k("missing"))).toBeNull();
    expect(await redis.ping()).toBe("PONG");
  });

  it("answers without base64 too", async () => {
    const redis = client({ responseEncoding: false });
    await redis.set(k("plain"), "plain text");
    expect(await redis.get(k("plain"))).toBe("plain text");
  });

  it("runs /pipeline and /multi-exec, reporting errors per command", async () => {
    const redis = client();
    const results = await redis.pipeline().set(k("p"), "1").incr(k("p")).get(k("p")).exec();
    expect(results).toEqual(["OK", 2, 2]);
    const tx = await redis.multi().incr(k("t")).incr(k("t")).exec();
    expect(tx).toEqual([1, 2]);
    await redis.set(k("str"), "x");
    const kept = await redis.pipeline().hget(k("str"), "f").get(k("str")).exec({ keepErrors: true });
    expect(kept[0]?.error).toMatch(/WRONGTYPE/);
    expect(kept[1]?.result).toBe("x");
  });

  it("turns a Redis error into a thrown UpstashError and rejects a wrong token", async () => {
    const redis = client();
    await redis.set(k("s"), "x");
    await expect(redis.hget(k("s"), "f")).rejects.toThrow(/WRONGTYPE/);
    const intruder = new Redis({ url: upstash().url, token: "wrong", retry: false, enableTelemetry: false });
    await expect(intruder.get(k("s"))).rejects.toThrow(/Unauthorized/);
  });

  it("accepts Upstash-flagged scripts and serves EVALSHA by the client's own hash", async () => {
    const redis = client();
    const script = `#!lua flags=allow-key-locking\nreturn {redis.call("INCR", KEYS[1]), ARGV[1]}`;
    expect(await redis.eval(script, [k("lua")], ["tag"])).toEqual([1, "tag"]);
    // No NOSCRIPT round trip: the proxy knows the hash of the text the client sent.
    expect(await redis.evalsha(sha1(script), [k("lua")], ["tag"])).toEqual([2, "tag"]);
    expect(await redis.scriptLoad(script)).toBe(sha1(script));
  });

  it("runs @upstash/ratelimit's sliding window scripts", async () => {
    const limiter = new Ratelimit({
      redis: client(),
      limiter: Ratelimit.slidingWindow(2, "60 s"),
      prefix: k("rl"),
      analytics: false,
      ephemeralCache: false,
    });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await limiter.limit("id")).success);
    expect(outcomes).toEqual([true, true, false]);
  });

  it("echoes an upstash-sync-token header and supports the /cmd/arg path form", async () => {
    const { url, token } = upstash();
    const headers = { authorization: `Bearer ${token}` };
    const set = await fetch(`${url}/set/${encodeURIComponent(k("path"))}/v1`, { method: "POST", headers });
    expect(await set.json()).toEqual({ result: "OK" });
    expect(set.headers.get("upstash-sync-token")).toMatch(/^\d+$/);
    const get = await fetch(`${url}/get/${encodeURIComponent(k("path"))}`, { headers });
    expect(await get.json()).toEqual({ result: "v1" });
  });
});
