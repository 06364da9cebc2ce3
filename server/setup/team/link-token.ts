import { createHash, randomBytes } from "node:crypto";

/**
 * The token of a link that works once (an invitation, a password reset): 256 random bits, URL-safe, and the
 * sha256 hex that is all the database keeps.
 */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a path segment can be a token at all (base64url, 43 characters): anything else is not looked up. */
export function isLinkTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
