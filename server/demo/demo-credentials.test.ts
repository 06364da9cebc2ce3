import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/server/auth/api-key";
import { isDemoCredential } from "@/server/auth/demo-credential-policy";
import { DEMO_API_KEYS, DEMO_STAFF } from "./demo-credentials";

describe("demo credentials are recognisable as such (so production refuses them)", () => {
  it("every demo API key and account matches the policy's form", () => {
    for (const apiKey of Object.values(DEMO_API_KEYS)) expect(isDemoCredential({ apiKey })).toBe(true);
    for (const { email } of DEMO_STAFF) expect(isDemoCredential({ email: email.toUpperCase() })).toBe(true);
  });

  it("no generated key or ordinary address is mistaken for a demo one", () => {
    for (let i = 0; i < 200; i++) expect(isDemoCredential({ apiKey: generateApiKey().key })).toBe(false);
    expect(isDemoCredential({ email: "host@maitre.demo.example.com" })).toBe(false);
    expect(isDemoCredential({ email: "ops@bistro.example" })).toBe(false);
  });
});
