import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "@/server/http/security-headers.mjs";

/**
 * The security headers every answer carries (server/http/security-headers.mjs, applied by next.config.mjs): the
 * exact production policy, what the dev server adds, the Supabase origins, HSTS only in production, and that the
 * config really sends this list on every path. The browser side (no violation while using the dashboard) is
 * e2e/ui/security-headers.spec.ts.
 */
const PRODUCTION_BUILD = { devServer: false, production: true };

type TNextConfigFactory = (phase: string) => { headers?: () => Promise<unknown> };

/** next.config.mjs itself (untyped JavaScript: loaded by path, so the type checker does not look for its types). */
async function loadNextConfig(): Promise<TNextConfigFactory> {
  const file = path.resolve(import.meta.dirname, "../../next.config.mjs");
  return ((await import(/* @vite-ignore */ file)) as { default: TNextConfigFactory }).default;
}

/** "a b c; d e" → { a: ["b", "c"], d: ["e"] }, failing on a directive given twice (browsers keep only the first). */
function directivesOf(policy: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of policy.split(";")) {
    const [name = "", ...sources] = part.trim().split(/\s+/);
    expect(directives[name], `directive ${name} given twice`).toBeUndefined();
    directives[name] = sources;
  }
  return directives;
}

const headerValue = (headers: { key: string; value: string }[], key: string) =>
  headers.find((header) => header.key.toLowerCase() === key.toLowerCase())?.value;

describe("securityHeaders", () => {
  it("gives a production build a policy without 'unsafe-eval', framing, plugins or foreign hosts", () => {
    expect(directivesOf(contentSecurityPolicy(PRODUCTION_BUILD))).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'unsafe-inline'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "object-src": ["'none'"],
    });
  });

  it("adds 'unsafe-eval' for the dev server only (React refresh), whatever NODE_ENV says", () => {
    for (const production of [false, true]) {
      expect(directivesOf(contentSecurityPolicy({ devServer: true, production }))["script-src"]).toEqual([
        "'self'",
        "'unsafe-inline'",
        "'unsafe-eval'",
      ]);
      expect(contentSecurityPolicy({ devServer: false, production })).not.toContain("unsafe-eval");
    }
  });

  it("lets the browser reach the Supabase project (https + wss; http + ws for a local stack), nothing else", () => {
    const hosted = directivesOf(
      contentSecurityPolicy({ ...PRODUCTION_BUILD, supabaseUrl: "https://abcd.supabase.co/auth/v1/" }),
    );
    expect(hosted["connect-src"]).toEqual(["'self'", "https://abcd.supabase.co", "wss://abcd.supabase.co"]);
    const local = directivesOf(contentSecurityPolicy({ ...PRODUCTION_BUILD, supabaseUrl: "http://127.0.0.1:54321" }));
    expect(local["connect-src"]).toEqual(["'self'", "http://127.0.0.1:54321", "ws://127.0.0.1:54321"]);
    expect(hosted["default-src"]).toEqual(["'self'"]);
  });

  it("sends the framing, sniffing, referrer and permissions headers, and HSTS only in production", () => {
    for (const production of [false, true]) {
      const headers = securityHeaders({ devServer: false, production });
      expect(new Set(headers.map((h) => h.key.toLowerCase())).size).toBe(headers.length);
      expect(headerValue(headers, "X-Frame-Options")).toBe("DENY");
      expect(headerValue(headers, "X-Content-Type-Options")).toBe("nosniff");
      // Not no-referrer: browsers would then send `Origin: null` on form posts, which the Origin check refuses.
      expect(headerValue(headers, "Referrer-Policy")).toBe("strict-origin-when-cross-origin");
      expect(headerValue(headers, "Permissions-Policy")).toBe("camera=(), microphone=(), geolocation=()");
      expect(headerValue(headers, "Strict-Transport-Security")).toBe(
        production ? "max-age=63072000; includeSubDomains" : undefined,
      );
    }
  });
});

describe("next.config.mjs", () => {
  it.each([
    ["the dev server", "phase-development-server", true],
    ["a production build", "phase-production-build", false],
    ["next start", "phase-production-server", false],
  ])("sends the list on every path for %s", async (_, phase, devServer) => {
    const config = (await loadNextConfig())(phase);
    const rules = await config.headers?.();
    // NODE_ENV is "test" here, like the CI's production build: no HSTS.
    expect(rules).toEqual([{ source: "/:path*", headers: securityHeaders({ devServer, production: false }) }]);
  });
});
