import type { TRuntime } from "@/server/runtime/get-runtime";
import { clientAddressOf } from "./client-address";
import { assertSameOrigin } from "./same-origin";
import { throttleSignIn } from "./sign-in-throttle";
import { startSessionCookie } from "./staff-session";

/**
 * The HTTP side of a link that signs its holder in once it is used (an invitation, a password reset): throttled
 * exactly like sign-in (per address, per failed email — the link's), then `use` (the use case), then a new staff
 * session for the account it names: returns the use case's answer and the Set-Cookie value.
 */
export async function signInByLink<T extends { staffUserId: string }>(
  runtime: TRuntime,
  request: Request,
  { email, use }: { email: string; use: () => Promise<T> },
): Promise<{ result: T; cookie: string }> {
  assertSameOrigin(request, { required: false });
  const address = clientAddressOf(request.headers);
  const result = await throttleSignIn({ limiters: runtime.rateLimiters, address, email, attempt: use });
  const cookie = await startSessionCookie(runtime, request, { staffUserId: result.staffUserId, address });
  return { result, cookie };
}
