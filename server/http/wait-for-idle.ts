/**
 * Resolves once `inFlight()` has stayed at zero for `quietMs` (a keep-alive connection may bring one more request
 * right after the last answer), or after `timeoutMs` whatever the count: `"idle"` or `"timeout"`. Shutdown uses it
 * to keep the database pool open until the requests being answered are done.
 */
export async function waitForIdle(
  inFlight: () => number,
  { timeoutMs, quietMs = 200, pollMs = 20 }: { timeoutMs: number; quietMs?: number; pollMs?: number },
): Promise<"idle" | "timeout"> {
  const started = performance.now();
  let idleSince: number | null = null;
  for (;;) {
    const now = performance.now();
    if (inFlight() === 0) {
      idleSince ??= now;
      if (now - idleSince >= quietMs) return "idle";
    } else {
      idleSince = null;
    }
    if (now - started >= timeoutMs) return "timeout";
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
