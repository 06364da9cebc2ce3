import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "@/server/infra/ratelimit/create-memory-rate-limiter";
import { enforceRateLimit } from "./enforce-rate-limit";
import { withRoute } from "./with-route";

describe("enforceRateLimit", () => {
  it("lets a client through up to its limit, then answers 429 problem+json with Retry-After", async () => {
    const limiter = createMemoryRateLimiter({ name: "test_booking_client", limit: 2, windowMs: 60_000 });
    const handler = withRoute({ name: "test.limited", auth: "public" }, async () => {
      await enforceRateLimit(limiter, "key-1");
      return Response.json({ ok: true });
    });
    const call = () => handler(new Request("http://localhost/api/test", { method: "POST" }));

    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ code: "RATE_LIMITED", limit: 2, retryAfterSeconds: retryAfter });
    // Another client's budget is its own.
    await expect(enforceRateLimit(limiter, "key-2")).resolves.toBeUndefined();
  });
});
