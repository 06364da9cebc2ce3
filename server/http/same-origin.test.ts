import { describe, expect, it } from "vitest";
import { isDomainError } from "@/server/errors/domain-error";
import { assertSameOrigin } from "./same-origin";

const refused = (request: Request, options?: { required?: boolean }) => {
  try {
    assertSameOrigin(request, options);
    return false;
  } catch (error) {
    return isDomainError(error, "FORBIDDEN");
  }
};
const post = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/staff/manual/hold", { method: "POST", headers });

describe("assertSameOrigin", () => {
  it("compares Origin with the host the browser addressed, not with Next's own hostname", () => {
    expect(refused(post({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(false);
    expect(refused(post({ host: "maitre.example", origin: "https://maitre.example" }))).toBe(false);
    expect(
      refused(post({ host: "10.0.0.5:3000", "x-forwarded-host": "maitre.example", origin: "https://maitre.example" })),
    ).toBe(false);
  });

  it("refuses another site, a look-alike and a missing Origin on a cookie-authenticated mutation", () => {
    expect(refused(post({ host: "maitre.example", origin: "https://evil.example" }))).toBe(true);
    expect(refused(post({ host: "maitre.example", origin: "https://maitre.example.evil.example" }))).toBe(true);
    expect(refused(post({ host: "maitre.example", origin: "null" }))).toBe(true);
    expect(refused(post({ host: "maitre.example" }))).toBe(true);
    expect(refused(post({ host: "maitre.example" }), { required: false })).toBe(false);
  });
});
