import { DomainError } from "@/server/errors/domain-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isSafeMethod = (method: string) => SAFE_METHODS.has(method.toUpperCase());

/**
 * Cross-site request forgery guard for cookie-authenticated requests: a browser sends the cookie with requests
 * another site triggers, but it always sets `Origin` on a non-GET request and a page cannot forge it. A mutation
 * whose Origin is not this server's own origin is refused (FORBIDDEN). `required: false` (sign-in, which has no
 * cookie yet) lets a request without Origin through (curl) but still refuses a foreign one (login CSRF).
 */
export function assertSameOrigin(request: Request, { required = true }: { required?: boolean } = {}): void {
  const origin = request.headers.get("origin");
  const own = ownOrigin(request);
  if ((origin !== null && sameHost(origin, request)) || (origin === null && !required)) return;
  throw new DomainError("FORBIDDEN", origin ? `cross-origin request from ${origin} refused` : "Origin header missing", {
    hint: `Send this request from Maitre's own pages: a signed-in request that changes something must carry the header Origin: ${own}`,
  });
}

/**
 * The host the browser addressed: behind a proxy the forwarded one, else the Host header — not request.url's, which
 * Next.js builds from its own configured hostname (`localhost`) whatever name the browser used.
 */
function addressedHost(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("host") || new URL(request.url).host;
}

function sameHost(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === addressedHost(request);
  } catch {
    return false;
  }
}

function ownOrigin(request: Request): string {
  const proto =
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? new URL(request.url).protocol.replace(":", "");
  return `${proto}://${addressedHost(request)}`;
}
