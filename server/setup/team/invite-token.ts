import { createHash, randomBytes } from "node:crypto";

/** A new invitation token (256 random bits, URL-safe) and the sha256 hex that is all the database keeps. */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a path segment can be a token at all (base64url, 43 characters): anything else is not looked up. */
export function isInviteTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
