import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

/**
 * The logger's redaction: credentials are censored wherever a log call is likely to put them — at the top of the
 * log object, one level down (a body, a config) and in headers (`headers`, `req.headers`) — at every level, while
 * the fields that identify without granting (email, API-key prefix, a lock's key, ids) stay readable. The flows
 * themselves are scripts/security/secrets-not-logged.integration.test.ts.
 */
function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: "trace", destination: { write: (line: string) => lines.push(line) } });
  return { log, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const SECRET = "s3cr3t-value-that-must-not-appear";

describe("createLogger redaction", () => {
  it("censors credentials in request headers, bodies and configuration, at every level", () => {
    const { log, records } = capture();
    const headers = Object.fromEntries(
      new Headers({
        authorization: `Bearer ${SECRET}`,
        cookie: `maitre_session=${SECRET}`,
        "x-api-key": SECRET,
        "x-request-id": "req-1",
      }),
    );
    const logged = {
      headers,
      req: { headers: { ...headers, "set-cookie": [`maitre_session=${SECRET}; HttpOnly`] } },
      res: { headers: { "set-cookie": `maitre_session=${SECRET}` } },
      body: { email: "sam@example.com", password: SECRET, newPassword: SECRET },
      invite: { token: SECRET, inviteToken: SECRET },
      client: { apiKey: SECRET, prefix: "mt_0a1b2c3d" },
      supabase: { accessToken: SECRET, refreshToken: SECRET },
      config: { SESSION_SECRET: SECRET, DATABASE_URL: SECRET, connectionString: SECRET, secret: SECRET },
      password: SECRET,
      token: SECRET,
      cookie: SECRET,
      authorization: SECRET,
      key: "booking:42",
    };
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) log[level](logged, "request");

    const written = records();
    expect(written).toHaveLength(6);
    for (const record of written) {
      expect(JSON.stringify(record)).not.toContain(SECRET);
      expect(record).toMatchObject({
        headers: {
          authorization: "[redacted]",
          cookie: "[redacted]",
          "x-api-key": "[redacted]",
          "x-request-id": "req-1",
        },
        req: { headers: { "set-cookie": "[redacted]" } },
        res: { headers: { "set-cookie": "[redacted]" } },
        body: { email: "sam@example.com", password: "[redacted]" },
        client: { apiKey: "[redacted]", prefix: "mt_0a1b2c3d" },
        config: { SESSION_SECRET: "[redacted]", DATABASE_URL: "[redacted]" },
        key: "booking:42",
      });
    }
  });

  it("censors credentials of a child logger's bindings and of an error's own fields", () => {
    const { log, records } = capture();
    const error = Object.assign(new Error("refused"), { password: SECRET });
    log.child({ requestId: "req-2", token: SECRET }).error({ err: error }, "request failed");
    const [record] = records();
    expect(JSON.stringify(record)).not.toContain(SECRET);
    expect(record).toMatchObject({ requestId: "req-2", err: { message: "refused", password: "[redacted]" } });
  });
});
