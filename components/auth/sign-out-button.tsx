"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readProblemHint } from "./read-problem-hint";

/** DELETE /api/auth/session (the browser sends this page's Origin), then back to the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/session", { method: "DELETE" });
      if (response.ok) {
        router.replace("/login");
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
    <>
      <button type="button" onClick={signOut} disabled={pending} aria-busy={pending}>
        Sign out
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
