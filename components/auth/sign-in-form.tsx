"use client";

import type { FormEvent } from "react";
import { useSessionRequest } from "./use-session-request";

/** Email + password → POST /api/auth/session; on success the ops page, on failure the problem's hint. */
export function SignInForm() {
  const { error, pending, send } = useSessionRequest("/ops");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void send({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }),
    });
  }

  return (
    // method="post": should the script not run (yet), a native submit must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} aria-describedby={error ? "sign-in-error" : undefined}>
      <p>
        <label htmlFor="sign-in-email">Email</label>
        <br />
        <input id="sign-in-email" name="email" type="email" autoComplete="username" required />
      </p>
      <p>
        <label htmlFor="sign-in-password">Password</label>
        <br />
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required />
      </p>
      {error && (
        <p id="sign-in-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} aria-busy={pending}>
        Sign in
      </button>
    </form>
  );
}
