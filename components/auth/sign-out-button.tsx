"use client";

import { useSessionRequest } from "./use-session-request";

/** DELETE /api/auth/session (the browser sends this page's Origin), then back to the sign-in page. */
export function SignOutButton() {
  const { error, pending, send } = useSessionRequest("/login");
  const signOut = () => void send({ method: "DELETE" });

  return (
    <>
      <button type="button" onClick={signOut} disabled={pending} aria-busy={pending}>
        Sign out
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
