import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "@/server/auth/hash-password";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend } from "@/server/testing/test-db";
import { signIn, uniquePassword } from "./secrets-flow-kit";

/**
 * The sign-in budgets say nothing about which emails have accounts, on PGlite and PostgreSQL: once an email has
 * spent its failures (from any addresses), or an address its attempts, the 429 for a real account — even with its
 * right password — and the 429 for an email nobody has are the same answer: status, headers, body (but the request
 * id), a Retry-After within the window. So are the 401s before them.
 * (app/api/auth/session/route.integration.test.ts proves the budgets themselves: counts, windows, other accounts.)
 */
const FAILURES_PER_EMAIL = 3;
const ATTEMPTS_PER_ADDRESS = 4;
const LIMITS = {
  RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: String(FAILURES_PER_EMAIL),
  RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: String(ATTEMPTS_PER_ADDRESS),
};

type TAnswer = { status: number; retryAfter: number; headers: string[]; body: Record<string, unknown> };

/** An answer with what legitimately differs between two requests taken out: the request id, the seconds left. */
async function comparable(response: Response): Promise<TAnswer> {
  const { requestId: _, retryAfterSeconds, ...body } = (await response.json()) as Record<string, unknown>;
  // The hint names the seconds left ("Wait 110 s (Retry-After), then…"), which tick between two requests.
  if (typeof body.hint === "string") body.hint = body.hint.replace(`${retryAfterSeconds} s`, "<seconds> s");
  return {
    status: response.status,
    retryAfter: Number(response.headers.get("retry-after") ?? Number.NaN),
    headers: [...response.headers.keys()].filter((name) => name !== "x-request-id").sort(),
    body,
  };
}

const withoutSeconds = ({ retryAfter: _, ...answer }: TAnswer) => answer;

describeEachBackend("sign-in throttle: one answer whether or not the email exists", ({ db }) => {
  const password = uniquePassword();
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ uninstall } = await installTestRuntime({ db: db(), env: LIMITS }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const newAddress = () => `203.0.113.${randomBytes(1)[0]}-${randomBytes(3).toString("hex")}`;
  const newEmail = (what: string) => `${what}-${randomBytes(4).toString("hex")}@example.test`;

  async function addAccount(): Promise<string> {
    const email = newEmail("staff");
    await db()
      .kysely.insertInto("staff_users")
      .values({ email, display_name: "Throttled", password_hash: await hashPassword(password) })
      .execute();
    return email;
  }

  it("per email: after its failures from any addresses, a real account (right password) and an unknown email get the same 429", async () => {
    const real = await addAccount();
    const unknown = newEmail("nobody");
    const answers: Record<string, TAnswer[]> = {};
    for (const email of [real, unknown]) {
      answers[email] = [];
      for (let i = 0; i < FAILURES_PER_EMAIL; i++) {
        const { response } = await signIn({ email, password: `wrong-${i}`, from: newAddress() });
        answers[email].push(await comparable(response));
      }
      const { response } = await signIn({ email, password, from: newAddress() });
      answers[email].push(await comparable(response));
    }
    const [realAnswers = [], unknownAnswers = []] = [answers[real], answers[unknown]];
    expect(realAnswers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(realAnswers.map(withoutSeconds)).toEqual(unknownAnswers.map(withoutSeconds));
    for (const refused of [realAnswers[3], unknownAnswers[3]]) {
      expect(refused?.body).toMatchObject({ code: "RATE_LIMITED", limit: FAILURES_PER_EMAIL });
      expect(refused?.retryAfter).toBeGreaterThan(0);
      expect(refused?.retryAfter).toBeLessThanOrEqual(15 * 60);
    }
  });

  it("per address: after its attempts, a real account (right password) and an unknown email get the same 429", async () => {
    const refusals: TAnswer[] = [];
    for (const email of [await addAccount(), newEmail("nobody")]) {
      const from = newAddress();
      for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i++) {
        expect((await signIn({ email: newEmail("filler"), password: "wrong", from })).status).toBe(401);
      }
      const { response } = await signIn({ email, password, from });
      refusals.push(await comparable(response));
    }
    const [forReal, forUnknown] = refusals;
    expect(forReal?.status).toBe(429);
    expect(forReal && withoutSeconds(forReal)).toEqual(forUnknown && withoutSeconds(forUnknown));
    expect(forReal?.body).toMatchObject({ code: "RATE_LIMITED", limit: ATTEMPTS_PER_ADDRESS });
    for (const refused of refusals) {
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(refused.retryAfter).toBeLessThanOrEqual(60);
    }
  });
});
