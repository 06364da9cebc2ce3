import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import { securityHeaders } from "./server/http/security-headers.mjs";

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  // PGlite ships WASM + data files and pg/pg-boss use Node built-ins: load them from node_modules at run time
  // instead of bundling, so one PGlite instance (kept on globalThis) is shared by instrumentation and routes.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "pino", "highs"],
  // The boot smoke test runs its own `next dev` beside a developer's: separate build directories keep them apart.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `next dev` serves its client scripts to localhost only unless told otherwise: at http://127.0.0.1:3000 the sign-in
  // form was never hydrated (and submitted natively). Development only; production is unaffected.
  allowedDevOrigins: ["127.0.0.1"],
  // No `X-Powered-By: Next.js`: it tells a scanner which exploits to try and tells users nothing.
  poweredByHeader: false,
  // NEXT_SERVER_MINIFY=0 next build: readable function names in CPU profiles of the server (DRILL_CPU_PROF_DIR).
  experimental: { serverMinification: process.env.NEXT_SERVER_MINIFY !== "0" },
  // CSP, framing, sniffing, referrer, permissions and (production) HSTS on every answer: pages, API, static files.
  // The dev server is told by the phase, not NODE_ENV: the CI's production build runs with NODE_ENV=test and must
  // get the production policy (no 'unsafe-eval').
  async headers() {
    const headers = securityHeaders({
      devServer: phase === PHASE_DEVELOPMENT_SERVER,
      production: process.env.NODE_ENV === "production",
      supabaseUrl: process.env.NEXT_PUBLIC_SUPABASE_URL || undefined,
    });
    return [{ source: "/:path*", headers }];
  },
});

export default nextConfig;
