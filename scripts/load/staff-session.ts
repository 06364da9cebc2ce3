import { exchange } from "./load-http";

/** A signed-in member of staff: the cookies to send (name=value pairs of the session's Set-Cookie headers). */
export type TStaffSession = { cookie: string };

export type TMembership = { restaurantId: string; slug: string; name: string; timezone: string; role: string };

/** POST /api/auth/session; throws with the answer's status and code when sign-in fails (the run cannot start). */
export async function signIn({
  url,
  email,
  password,
  timeoutMs = 30_000,
}: {
  url: string;
  email: string;
  password: string;
  timeoutMs?: number;
}): Promise<TStaffSession> {
  const answer = await exchange(
    `${url}/api/auth/session`,
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ email, password }),
    },
    timeoutMs,
  );
  if (answer.status !== 204 && answer.status !== 200) {
    throw new Error(
      `sign-in as ${email} at ${url} failed: ${answer.status ?? answer.failure} ${answer.code ?? ""}`.trim(),
    );
  }
  const cookie = (answer.headers?.getSetCookie() ?? [])
    .map((header) => header.split(";")[0]?.trim() ?? "")
    .filter((pair) => pair.includes("=") && !pair.endsWith("="))
    .join("; ");
  if (!cookie) throw new Error(`sign-in as ${email} at ${url} set no session cookie`);
  return { cookie };
}

/** GET /api/auth/session: the restaurants this member of staff belongs to (ids, slugs, time zones). */
export async function listMemberships(url: string, session: TStaffSession, timeoutMs = 30_000): Promise<TMembership[]> {
  const answer = await exchange(`${url}/api/auth/session`, { headers: { cookie: session.cookie } }, timeoutMs);
  const memberships = (answer.json as { memberships?: TMembership[] } | null)?.memberships;
  if (answer.status !== 200 || !Array.isArray(memberships)) {
    throw new Error(`GET /api/auth/session at ${url} answered ${answer.status ?? answer.failure}`);
  }
  return memberships;
}
