"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readProblemHint } from "./read-problem-hint";

/**
 * One call to /api/auth/session (sign in or out) with its pending and error state: on success the browser goes
 * to `landing` (and the server components re-read the session); on failure `error` holds what to do next.
 */
export function useSessionRequest(landing: string) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function send(init: RequestInit): Promise<void> {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/session", init);
      if (response.ok) {
        router.replace(landing);
        router.refresh();
        return;
      }
      setError(await readProblemHint(response));
    } catch {
      setError("The server could not be reached; check the connection and try again.");
    }
    setPending(false);
  }

  return { error, pending, send };
}
