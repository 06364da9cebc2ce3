/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files and pg/pg-boss use Node built-ins: load them from node_modules at run time
  // instead of bundling, so one PGlite instance (kept on globalThis) is shared by instrumentation and routes.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "pino", "highs"],
  // The boot smoke test runs its own `next dev` beside a developer's: separate build directories keep them apart.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `next dev` serves its client scripts to localhost only unless told otherwise: at http://127.0.0.1:3000 the sign-in
  // form was never hydrated (and submitted natively). Development only; production is unaffected.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
