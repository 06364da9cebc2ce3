import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as signOutRoute } from "@/app/api/auth/session/route";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { acceptInvite, inviteMember, signIn, uniquePassword } from "./secrets-flow-kit";

/**
 * The flags of the staff session cookie on every answer that signs someone in — POST /api/auth/session and POST
 * /api/invites/{token}/accept — and on sign-out's clearing cookie, in production (NODE_ENV=production: Secure) and
 * on a plain-http development process (no Secure, or the browser would drop it): HttpOnly, SameSite=Lax, Path=/,
 * host-only (no Domain), and an expiry 12 hours out given both as Max-Age and Expires, which agree.
 * (app/api/auth/session/route.integration.test.ts covers the development sign-in answer and its revocation.)
 */
const SESSION_HOURS = 12;

type TCookie = { name: string; value: string; attributes: Map<string, string> };

function parseSetCookie(header: string | null): TCookie {
  expect(header, "a Set-Cookie header").toBeTruthy();
  const [pair = "", ...rest] = (header ?? "").split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const [key = "", ...value] = attribute.split("=");
    expect(attributes.has(key.toLowerCase()), `${key} given twice`).toBe(false);
    attributes.set(key.toLowerCase(), value.join("="));
  }
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

function expectSessionCookieFlags(cookie: TCookie, { secure }: { secure: boolean }) {
  expect(cookie.name).toBe("maitre_session");
  expect(cookie.attributes.get("httponly")).toBe("");
  expect(cookie.attributes.get("samesite")).toBe("Lax");
  expect(cookie.attributes.get("path")).toBe("/");
  expect(cookie.attributes.has("domain")).toBe(false);
  expect(cookie.attributes.has("secure")).toBe(secure);
}

describeEachBackend("session cookie flags", ({ db }) => {
  let venue: EveningScenario;

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  for (const mode of ["development", "production"] as const) {
    describe(`NODE_ENV=${mode}`, () => {
      const secure = mode === "production";
      let owner: TTestStaff;
      let uninstall: (() => Promise<void>) | undefined;

      beforeAll(async () => {
        const env: Record<string, string> = { NODE_ENV: mode };
        if (secure) env.SESSION_SECRET = randomBytes(32).toString("hex");
        const installed = await installTestRuntime({ db: db(), env });
        uninstall = installed.uninstall;
        owner = await seedStaffMember(db().kysely, {
          secret: installed.runtime.env.SESSION_SECRET,
          memberships: [[venue.restaurantId, "owner"]],
        });
      });
      afterAll(async () => {
        await uninstall?.();
      });

      it(`sets an HttpOnly, SameSite=Lax, Path=/ cookie for ${SESSION_HOURS} h${secure ? ", Secure" : ", not Secure"}, on sign-in and on accepting an invitation`, async () => {
        const email = `member-${randomBytes(4).toString("hex")}@example.test`;
        const password = uniquePassword();
        const { token } = await inviteMember(db(), { owner, restaurantId: venue.restaurantId, email });
        const before = Date.now();
        const accepted = await acceptInvite({ token, password });
        expect(accepted.status).toBe(200);
        const signedIn = await signIn({ email, password });
        expect(signedIn.status).toBe(204);

        for (const header of [accepted.setCookie, signedIn.setCookie]) {
          const cookie = parseSetCookie(header);
          expectSessionCookieFlags(cookie, { secure });
          expect(cookie.value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
          const maxAge = Number(cookie.attributes.get("max-age"));
          expect(maxAge).toBeGreaterThan(SESSION_HOURS * 3600 - 120);
          expect(maxAge).toBeLessThanOrEqual(SESSION_HOURS * 3600);
          const expires = Date.parse(cookie.attributes.get("expires") ?? "");
          expect(Math.abs(expires - (before + maxAge * 1000))).toBeLessThan(120_000);
        }
      });

      it(`clears it on sign-out with the same flags${secure ? " (Secure)" : ""}, expired`, async () => {
        const response = await signOutRoute(staffRequest("/api/auth/session", { method: "DELETE", staff: owner }));
        expect(response.status).toBe(204);
        const cookie = parseSetCookie(response.headers.get("set-cookie"));
        expectSessionCookieFlags(cookie, { secure });
        expect(cookie.value).toBe("");
        expect(cookie.attributes.get("max-age")).toBe("0");
        expect(Date.parse(cookie.attributes.get("expires") ?? "")).toBe(0);
      });
    });
  }
});
