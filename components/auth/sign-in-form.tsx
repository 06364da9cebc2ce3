"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { readProblemHint } from "./read-problem-hint";

/** Email + password → POST /api/auth/session; on success the ops page, on failure the problem's hint. */
export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }),
      });
      if (response.ok) {
        router.replace("/ops");
        router.refresh();
        return;
      }
      setError(await readProblemHint(response));
    } catch {
      setError("The server could not be reached; check the connection and try again.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} aria-describedby={error ? "sign-in-error" : undefined}>
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
