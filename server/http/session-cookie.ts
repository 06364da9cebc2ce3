/**
 * The staff session cookie: httpOnly (scripts never see it), SameSite=Lax (not sent on cross-site subrequests or
 * form posts), Path=/, Secure in production (HTTPS only; `next dev` on http://localhost keeps working), and it
 * expires with its session.
 */
export const SESSION_COOKIE = "maitre_session";

export function sessionCookie({
  token,
  expiresAt,
  secure,
}: {
  token: string;
  expiresAt: Date;
  secure: boolean;
}): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return attributes(`${SESSION_COOKIE}=${token}`, { maxAge, expires: expiresAt, secure });
}

/** Tells the browser to drop the cookie (sign-out, or a cookie the server no longer accepts). */
export function clearedSessionCookie({ secure }: { secure: boolean }): string {
  return attributes(`${SESSION_COOKIE}=`, { maxAge: 0, expires: new Date(0), secure });
}

/** The session cookie's value from a Cookie header, if any. */
export function readSessionCookie(headers: Headers): string | undefined {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    if (part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

function attributes(pair: string, { maxAge, expires, secure }: { maxAge: number; expires: Date; secure: boolean }) {
  return [
    pair,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    `Expires=${expires.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
