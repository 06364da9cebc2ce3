import type { APIResponse, Page } from "@playwright/test";
import { contentSecurityPolicy } from "../../server/http/security-headers.mjs";
import { expect, opsUrl, signIn, test } from "./support/fixtures";

/**
 * The security headers as a browser receives them (server/http/security-headers.mjs via next.config.mjs) on a
 * page, the signed-in dashboard and an API answer — and that the policy breaks nothing: signing in through the
 * form and opening the Timeline, the floor plan editor and Insights (hydration, inline bootstrap scripts, styles,
 * the API and the live stream) report no Content-Security-Policy violation, neither as an event nor in the console.
 */

// The suite's own server is the production build (no 'unsafe-eval'); a server given by E2E_BASE_URL may also be
// `next dev`, whose React refresh needs 'unsafe-eval' — the only difference allowed.
const PRODUCTION_POLICY = contentSecurityPolicy({ devServer: false, production: false });
const DEV_SERVER_POLICY = contentSecurityPolicy({ devServer: true, production: false });
const allowedPolicies = process.env.E2E_BASE_URL ? [PRODUCTION_POLICY, DEV_SERVER_POLICY] : [PRODUCTION_POLICY];

function expectSecurityHeaders(response: APIResponse | null, what: string) {
  expect(response, what).not.toBeNull();
  const headers = response?.headers() ?? {};
  expect(allowedPolicies, `${what}: Content-Security-Policy`).toContain(headers["content-security-policy"]);
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toBe("camera=(), microphone=(), geolocation=()");
  // Served over plain http by a non-production process: no HSTS (it would pin the developer's host to https).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

test("the login page, the dashboard and the API send the security headers", async ({ page, request }) => {
  // `request` carries no cookie, `page.request` the signed-in page's session.
  expectSecurityHeaders(await request.get("/login", { maxRedirects: 0 }), "GET /login");
  const ops = await page.request.get(opsUrl("/ops"), { maxRedirects: 0 });
  expect(ops.status()).toBe(200);
  expectSecurityHeaders(ops, "GET /ops (signed in)");
  const session = await page.request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expectSecurityHeaders(session, "GET /api/auth/session (signed in)");
  const refused = await request.get("/api/auth/session");
  expect(refused.status()).toBe(401);
  expectSecurityHeaders(refused, "GET /api/auth/session (401 problem+json)");
  expectSecurityHeaders(await request.get("/api/health"), "GET /api/health");
});

/** Every violation the page reports: `securitypolicyviolation` events (any document) and console messages. */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|evaluate|connect|apply|frame)/i.test(message.text())) {
      violations.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy|unsafe-eval/i.test(error.message)) violations.push(`page error: ${error.message}`);
  });
  return violations;
}

test("signing in and opening the Timeline, the floor plan editor and Insights report no CSP violation", async ({
  anonPage: page,
}) => {
  test.setTimeout(240_000);
  const violations = await recordViolations(page);

  // Through the real form: only a hydrated form signs in (a native submit would not carry the JSON and Origin).
  await signIn(page);
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible({ timeout: 60_000 });
  // Data through the API (connect-src) rendered by client components (script-src, style-src).
  await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });

  // A dev server compiles each page on its first visit: minutes on a busy machine.
  await page.goto(opsUrl("/ops/setup/floor"), { timeout: 180_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan editor" })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("button", { name: /\(table,/ }).first()).toBeVisible({ timeout: 60_000 });

  await page.goto(opsUrl("/ops/insights"), { timeout: 180_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible({ timeout: 60_000 });

  expect(violations).toEqual([]);
});
