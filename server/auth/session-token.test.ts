import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signSessionToken, verifySessionToken } from "./session-token";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const claims = { sessionId: randomUUID(), staffUserId: randomUUID() };
const inAnHour = () => new Date(Date.now() + 3600_000);

describe("session tokens", () => {
  it("round-trips the session id and user of a token this server signed", async () => {
    const token = await signSessionToken({ ...claims, expiresAt: inAnHour(), secret });
    expect(await verifySessionToken(token, { secret })).toEqual(claims);
  });

  it("refuses a token signed with another secret, an edited one, junk and an unsigned one", async () => {
    const token = await signSessionToken({ ...claims, expiresAt: inAnHour(), secret });
    const [header, , signature] = token.split(".");
    const edited = Buffer.from(JSON.stringify({ sub: randomUUID(), jti: claims.sessionId, exp: 9e9 })).toString(
      "base64url",
    );
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${edited}.`;
    for (const bad of [`${header}.${edited}.${signature}`, "junk", "", none]) {
      expect(await verifySessionToken(bad, { secret })).toBeNull();
    }
    expect(await verifySessionToken(token, { secret: `${secret}-rotated` })).toBeNull();
  });

  it("refuses an expired token, except for sign-out, which ends its session anyway", async () => {
    const token = await signSessionToken({ ...claims, expiresAt: new Date(Date.now() - 1000), secret });
    expect(await verifySessionToken(token, { secret })).toBeNull();
    expect(await verifySessionToken(token, { secret, allowExpired: true })).toEqual(claims);
  });
});
