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
  const own = new URL(request.url).origin;
  if (origin === own || (origin === null && !required)) return;
  throw new DomainError("FORBIDDEN", origin ? `cross-origin request from ${origin} refused` : "Origin header missing", {
    hint: `Send this request from Maitre's own pages: a signed-in request that changes something must carry the header Origin: ${own}`,
  });
}
