import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createChunks, stringToBase64URL } from "@supabase/ssr";
import { SignJWT } from "jose";
import { supabaseAuthCookieName } from "@/server/auth/supabase-auth-cookie";
import { supabaseIssuerOf } from "@/server/auth/verify-supabase-access-token";

/**
 * Supabase Auth as the tests see it, with no network: access tokens in Supabase's format signed here (HS256 with a
 * project JWT secret, or any jose key), the session cookie exactly as @supabase/ssr writes it (`base64-` JSON,
 * chunked with its own createChunks), and a loopback stand-in for the three GoTrue endpoints the server calls
 * (password sign-in, refresh, logout) so the real supabase-js client can run against it.
 */
export const TEST_SUPABASE_JWT_SECRET = "test-supabase-jwt-secret-with-at-least-32-characters";

export type TSupabaseTokenInput = {
  supabaseUrl: string;
  userId: string;
  email?: string;
  key?: Parameters<SignJWT["sign"]>[0];
  alg?: string;
  kid?: string;
  expiresInSeconds?: number;
  now?: Date;
  /** Claims to override (aud, iss, role …) or add. */
  claims?: Record<string, unknown>;
};

export function signSupabaseAccessToken({
  supabaseUrl,
  userId,
  email = `${userId.slice(0, 8)}@example.test`,
  key = new TextEncoder().encode(TEST_SUPABASE_JWT_SECRET),
  alg = "HS256",
  kid,
  expiresInSeconds = 3600,
  now = new Date(),
  claims = {},
}: TSupabaseTokenInput): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    iss: supabaseIssuerOf(supabaseUrl),
    sub: userId,
    aud: "authenticated",
    exp: iat + expiresInSeconds,
    iat,
    email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: { email_verified: true },
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: iat }],
    session_id: randomUUID(),
    is_anonymous: false,
    ...claims,
  })
    .setProtectedHeader({ alg, typ: "JWT", ...(kid ? { kid } : {}) })
    .sign(key);
}

/** The session JSON supabase-js stores (what GoTrue's token endpoint answers). */
export function supabaseSession({
  accessToken,
  userId,
  email,
  refreshToken = randomUUID(),
  expiresInSeconds = 3600,
  userMetadata = {},
}: {
  accessToken: string;
  userId: string;
  email: string;
  refreshToken?: string;
  expiresInSeconds?: number;
  userMetadata?: Record<string, unknown>;
}) {
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: expiresInSeconds,
    expires_at: Math.floor(Date.now() / 1000) + expiresInSeconds,
    refresh_token: refreshToken,
    user: {
      id: userId,
      aud: "authenticated",
      role: "authenticated",
      email,
      email_confirmed_at: new Date().toISOString(),
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: userMetadata,
      created_at: new Date().toISOString(),
    },
  };
}

/** A Cookie header carrying a session as @supabase/ssr writes it: `base64-` + base64url JSON (or raw), chunked if large. */
export function supabaseCookieHeader({
  supabaseUrl,
  session,
  encoding = "base64url",
}: {
  supabaseUrl: string;
  session: unknown;
  encoding?: "base64url" | "raw";
}): string {
  const json = JSON.stringify(session);
  const value = encoding === "base64url" ? `base64-${stringToBase64URL(json)}` : json;
  return createChunks(supabaseAuthCookieName(supabaseUrl), value)
    .map(({ name, value: chunk }) => `${name}=${encodeURIComponent(chunk)}`)
    .join("; ");
}

/** The Cookie header a browser would send back after these Set-Cookie values (cleared cookies dropped). */
export function cookieHeaderFromSetCookies(setCookies: readonly string[]): string {
  return setCookies
    .map((header) => header.split(";")[0] ?? "")
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

type TFakeUser = { id: string; email: string; password: string };
export type TFakeGoTrue = {
  url: string;
  users: TFakeUser[];
  calls: string[];
  /** A session the fake will refresh (its refresh token is known); a negative lifetime makes it expired. */
  sessionFor: (user: TFakeUser, expiresInSeconds?: number) => Promise<ReturnType<typeof supabaseSession>>;
  close: () => Promise<void>;
};

/**
 * A loopback stand-in for Supabase Auth (GoTrue): POST /auth/v1/token?grant_type=password|refresh_token and
 * POST /auth/v1/logout, answering as GoTrue does (400 invalid_credentials; sessions with tokens signed with
 * TEST_SUPABASE_JWT_SECRET). Its URL is http://127.0.0.1:<port>, so the cookie is `sb-127-auth-token`.
 */
export async function startFakeGoTrue(): Promise<TFakeGoTrue> {
  const users: TFakeUser[] = [];
  const calls: string[] = [];
  const refreshTokens = new Map<string, TFakeUser>();
  let url = "";
  const issue = async (user: TFakeUser, expiresInSeconds = 3600) => {
    const session = supabaseSession({
      accessToken: await signSupabaseAccessToken({
        supabaseUrl: url,
        userId: user.id,
        email: user.email,
        expiresInSeconds,
      }),
      userId: user.id,
      email: user.email,
      expiresInSeconds,
    });
    refreshTokens.set(session.refresh_token, user);
    return session;
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x");
    const body = await readJson(req);
    calls.push(`${req.method} ${path.pathname}${path.search}`);
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    if (path.pathname === "/auth/v1/token" && path.searchParams.get("grant_type") === "password") {
      const user = users.find((u) => u.email === body.email && u.password === body.password);
      if (!user) return send(400, { code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
      return send(200, await issue(user));
    }
    if (path.pathname === "/auth/v1/token" && path.searchParams.get("grant_type") === "refresh_token") {
      const user = refreshTokens.get(String(body.refresh_token));
      if (!user) return send(400, { code: 400, error_code: "refresh_token_not_found", msg: "Invalid Refresh Token" });
      refreshTokens.delete(String(body.refresh_token));
      return send(200, await issue(user));
    }
    if (path.pathname === "/auth/v1/logout") return send(204);
    return send(404, { code: 404, msg: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    users,
    calls,
    sessionFor: issue,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
