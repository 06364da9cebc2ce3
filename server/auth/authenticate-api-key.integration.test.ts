import { beforeAll, expect, it } from "vitest";
import { expectDomainError } from "@/server/assignment/testing/assignment-test-kit";
import { seedRestaurant } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { generateApiKey } from "./api-key";
import { authenticateApiKey } from "./authenticate-api-key";

describeEachBackend("authenticateApiKey", ({ db }) => {
  let restaurantId: string;
  const keys: Record<"full" | "readOnly" | "revoked", string> = { full: "", readOnly: "", revoked: "" };

  beforeAll(async () => {
    restaurantId = (await seedRestaurant(db().kysely)).id;
    for (const [name, scopes, revoked] of [
      ["full", ["bookings:read", "bookings:write", "availability:read"], false],
      ["readOnly", ["availability:read"], false],
      ["revoked", ["bookings:write"], true],
    ] as const) {
      const key = generateApiKey();
      await db()
        .kysely.insertInto("api_keys")
        .values({
          restaurant_id: restaurantId,
          name,
          prefix: key.prefix,
          key_hash: key.hash,
          scopes: [...scopes],
          revoked_at: revoked ? new Date() : null,
        })
        .execute();
      keys[name] = key.key;
    }
  });

  const as = (headers: Record<string, string>) =>
    authenticateApiKey(db().kysely, { headers: new Headers(headers), scope: "bookings:write", refuseDemoKeys: false });

  it("identifies the restaurant from a Bearer or X-Api-Key key", async () => {
    expect(await as({ authorization: `Bearer ${keys.full}` })).toMatchObject({ restaurantId });
    expect(await as({ "x-api-key": keys.full })).toMatchObject({ restaurantId });
  });

  it("answers UNAUTHENTICATED alike for a missing, malformed, mistyped or revoked key", async () => {
    const mistyped = `${keys.full.slice(0, -1)}${keys.full.endsWith("A") ? "B" : "A"}`;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-key" },
      { authorization: `Bearer ${mistyped}` },
      { "x-api-key": keys.revoked },
      { authorization: `Basic ${keys.full}` },
    ];
    for (const headers of attempts) {
      const error = await expectDomainError(as(headers), "UNAUTHENTICATED");
      expect(error.hint).toContain("Authorization: Bearer");
    }
  });

  it("refuses a valid key without the scope (FORBIDDEN, naming it)", async () => {
    const error = await expectDomainError(as({ authorization: `Bearer ${keys.readOnly}` }), "FORBIDDEN");
    expect(error.meta).toMatchObject({ scope: "bookings:write", scopes: ["availability:read"] });
  });
});
