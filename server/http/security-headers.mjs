/**
 * The security headers of every answer (pages, API routes, static files), applied by next.config.mjs `headers()`.
 * Plain ESM JavaScript because next.config.mjs imports it natively (it is not compiled); the unit test
 * (scripts/security/security-headers.test.ts) imports the very same list. Types: security-headers.d.mts.
 *
 * Why each source is allowed:
 * - script-src 'unsafe-inline': the App Router inlines its bootstrap and flight-data scripts without a nonce
 *   (a nonce would force every page to render dynamically). 'unsafe-eval' only for the dev server, whose React
 *   refresh and error overlay evaluate strings; production bundles never do (browser code sets zod's `jitless`,
 *   whose eval probe a strict policy would otherwise report: components/ui/api-fetch.ts).
 * - style-src 'unsafe-inline': React `style` attributes (timeline positions, floor plan) and Next's inlined CSS.
 * - img-src data: blob: / font-src data:: inlined icons and fonts.
 * - connect-src: the API and the live stream are same-origin; the browser may talk to Supabase directly in the
 *   Supabase mode (https, and wss for realtime).
 * - frame-ancestors 'none' + X-Frame-Options DENY (older browsers): no clickjacking of the ops dashboard.
 * Referrer-Policy strict-origin-when-cross-origin: other sites get our origin only (never a path or query, which
 * carry restaurant slugs, dates and booking ids), and nothing after a downgrade to http. Not no-referrer: under it a
 * browser sends `Origin: null` on a form post (Fetch spec: non-CORS requests), which the Origin check of signed-in
 * mutations (server/http/same-origin.ts) refuses; fetch() calls keep their Origin, plain forms would break.
 */

/** Two years, the HSTS preload lists' minimum; only sent by production processes (behind HTTPS). */
const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * @param {{ devServer: boolean, production: boolean, supabaseUrl?: string }} options
 *   devServer: `next dev` (needs 'unsafe-eval'); production: NODE_ENV=production (HSTS);
 *   supabaseUrl: NEXT_PUBLIC_SUPABASE_URL when set.
 * @returns {string} the Content-Security-Policy value
 */
export function contentSecurityPolicy({ devServer, supabaseUrl }) {
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(devServer ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...supabaseOrigins(supabaseUrl)],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/**
 * @param {{ devServer: boolean, production: boolean, supabaseUrl?: string }} options
 * @returns {{ key: string, value: string }[]} the headers, in next.config `headers()` form
 */
export function securityHeaders(options) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    // Over plain http (the dev server, the CI's production build on 127.0.0.1) browsers ignore it anyway; it is
    // kept out so a developer's browser never pins localhost to https.
    ...(options.production
      ? [{ key: "Strict-Transport-Security", value: `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` }]
      : []),
  ];
}

/** The Supabase project's origin for fetch (http/https) and for its realtime socket (ws/wss). */
function supabaseOrigins(supabaseUrl) {
  if (!supabaseUrl) return [];
  const { origin, protocol } = new URL(supabaseUrl);
  const socket = origin.replace(/^http/, "ws");
  return protocol === "https:" || protocol === "http:" ? [origin, socket] : [];
}
