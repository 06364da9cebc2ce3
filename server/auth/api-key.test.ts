import { describe, expect, it } from "vitest";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "./api-key";
import { hashPassword, verifyPassword } from "./hash-password";

describe("api keys", () => {
  it("generates keys whose prefix and hash can be recovered from the key alone", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hashApiKey(key)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects strings that are not keys", () => {
    expect(apiKeyPrefix("Bearer nonsense")).toBeNull();
    expect(apiKeyPrefix("mt_short_x")).toBeNull();
  });
});

describe("passwords", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse");
    expect(stored.startsWith("scrypt$16384$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("wrong horse", stored)).toBe(false);
    expect(await verifyPassword("correct horse", "garbage")).toBe(false);
  });
});
