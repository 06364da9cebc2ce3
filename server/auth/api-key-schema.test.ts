import { expect, expectTypeOf, it } from "vitest";
import { API_KEY_SCOPES, type TApiKeyScope, ZCreateApiKeyRequestSchema } from "./api-key-schema";
import type { TApiScope } from "./authenticate-api-key";

it("offers exactly the scopes authenticateApiKey checks", () => {
  expectTypeOf<TApiKeyScope>().toEqualTypeOf<TApiScope>();
  expect(new Set(API_KEY_SCOPES).size).toBe(API_KEY_SCOPES.length);
});

it("trims the name and leaves scopes out when not sent (the use case defaults them to all)", () => {
  expect(ZCreateApiKeyRequestSchema.parse({ name: "  Widget " })).toEqual({ name: "Widget" });
  expect(ZCreateApiKeyRequestSchema.safeParse({ name: "Widget", scopes: ["bookings:read"] }).success).toBe(true);
  expect(ZCreateApiKeyRequestSchema.safeParse({ name: "Widget", scopes: ["admin"] }).success).toBe(false);
});
