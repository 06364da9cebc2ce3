import type { TRuntime } from "@/server/runtime/get-runtime";
import { completePasswordReset } from "@/server/setup/team/complete-password-reset";
import { readPasswordResetByToken } from "@/server/setup/team/read-password-reset-by-token";
import type { TChooseNewPasswordRequest, TPasswordChangedResponse } from "@/server/setup/team/team-schema";
import { signInByLink } from "./sign-in-by-link";

/**
 * The HTTP side of choosing a new password from a reset link: throttled like sign-in (the account's budget), then
 * the change (every other session of theirs ends), then a new staff session here: the answer and its Set-Cookie.
 */
export async function completePasswordResetRequest(
  runtime: TRuntime,
  request: Request,
  { token, input }: { token: string; input: TChooseNewPasswordRequest },
): Promise<{ body: TPasswordChangedResponse; cookie: string }> {
  const reset = await readPasswordResetByToken(runtime.db.kysely, { token });
  const { result, cookie } = await signInByLink(runtime, request, {
    email: reset.email,
    use: () =>
      completePasswordReset(runtime.db, {
        token,
        password: input.password,
        refuseDemoAccounts: runtime.env.NODE_ENV === "production",
      }),
  });
  return { body: { restaurant: result.restaurant, endedSessions: result.endedSessions }, cookie };
}
