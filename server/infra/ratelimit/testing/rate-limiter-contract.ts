import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { getMetricsRegistry } from "@/server/infra/telemetry/metrics";
import type { RateLimiterName, RateLimiters } from "../rate-limit-types";

/** Limits the contract runs with: booking clients 3 per window, assignment 5 per restaurant per window. */
export const CONTRACT_LIMITS = {
  RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: 3,
  RATE_LIMIT_ASSIGNMENT_PER_MINUTE: 5,
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 2,
  RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: 4,
  RATE_LIMIT_SIGN_IN_FAILURES_PER_EMAIL: 2,
};
export const CONTRACT_WINDOW_SECONDS = 60;
/** Per-limiter windows: the per-minute limiters share CONTRACT_WINDOW_SECONDS; sign-in failures per email 15 min. */
export const CONTRACT_WINDOWS = {
  bookingClient: CONTRACT_WINDOW_SECONDS,
  assignment: CONTRACT_WINDOW_SECONDS,
  authFailure: CONTRACT_WINDOW_SECONDS,
  signInAttempt: CONTRACT_WINDOW_SECONDS,
  signInFailure: 15 * 60,
} as const satisfies Record<RateLimiterName, number>;

/**
 * What both stores (in-process and Upstash) must answer the same way. Call inside a describe; `limiters`
 * is built from CONTRACT_LIMITS with CONTRACT_WINDOWS.
 */
export function itLimitsLikeASlidingWindow(limiters: () => RateLimiters): void {
  it("lets a booking client through up to its limit, then rejects until the window resets", async () => {
    await awayFromWindowEdge();
    const apiKey = `key-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiters().bookingClient.limit(apiKey));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    const windowMs = CONTRACT_WINDOW_SECONDS * 1000;
    for (const r of results) {
      expect(r.limit).toBe(3);
      expect(r.reset).toBe((Math.floor(Date.now() / windowMs) + 1) * windowMs);
      expect(r.fallback).toBeUndefined();
    }
  });

  it("peeks at a budget without spending it: failed sign-ins block an address only once they reach the limit", async () => {
    await awayFromWindowEdge();
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const fresh = await limiters().authFailure.peek(address);
    expect(fresh).toMatchObject({ success: true, limit: 2, remaining: 2 });
    expect(await limiters().authFailure.peek(address)).toMatchObject({ success: true, remaining: 2 });
    await limiters().authFailure.limit(address);
    expect(await limiters().authFailure.peek(address)).toMatchObject({ success: true, remaining: 1 });
    await limiters().authFailure.limit(address);
    const blocked = await limiters().authFailure.peek(address);
    expect(blocked).toMatchObject({ success: false, remaining: 0 });
    expect(blocked.reset).toBeGreaterThan(Date.now());
  });

  it("keeps restaurants apart: a surge at one venue does not starve another", async () => {
    await awayFromWindowEdge();
    const busy = `restaurant-${randomUUID()}`;
    const quiet = `restaurant-${randomUUID()}`;
    for (let i = 0; i < 5; i++) expect((await limiters().assignment.limit(busy)).success).toBe(true);
    expect((await limiters().assignment.limit(busy)).success).toBe(false);
    const other = await limiters().assignment.limit(quiet);
    expect(other).toMatchObject({ success: true, limit: 5, remaining: 4 });
  });

  it("gives each limiter its own window: sign-in failures per email count over 15 minutes, attempts per minute", async () => {
    await awayFromWindowEdge();
    const email = `email:${randomUUID()}`;
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await limiters().signInFailure.limit(email));
    expect(failures.map((r) => r.success)).toEqual([true, true, false]);
    const longMs = CONTRACT_WINDOWS.signInFailure * 1000;
    const shortMs = CONTRACT_WINDOWS.signInAttempt * 1000;
    for (const r of failures) {
      expect(r.limit).toBe(2);
      expect(r.reset).toBe((Math.floor(Date.now() / longMs) + 1) * longMs);
    }
    expect(await limiters().signInFailure.peek(email)).toMatchObject({ success: false, remaining: 0 });
    const attempt = await limiters().signInAttempt.limit(address);
    expect(attempt).toMatchObject({ success: true, limit: 4, remaining: 3 });
    expect(attempt.reset).toBe((Math.floor(Date.now() / shortMs) + 1) * shortMs);
    // Separate budgets: the same identifier in another limiter starts fresh.
    expect(await limiters().signInAttempt.peek(email)).toMatchObject({ success: true, remaining: 4 });
  });

  it("counts allowed and rejected decisions per limiter", async () => {
    await awayFromWindowEdge();
    const before = await decisions("booking_client");
    const apiKey = `key-${randomUUID()}`;
    for (let i = 0; i < 4; i++) await limiters().bookingClient.limit(apiKey);
    const after = await decisions("booking_client");
    expect(after.allowed - before.allowed).toBe(3);
    expect(after.rejected - before.rejected).toBe(1);
  });
}

export async function decisions(
  limiter: string,
): Promise<Record<"allowed" | "rejected" | "fallback_allowed" | "fallback_rejected", number>> {
  const metric = await getMetricsRegistry().getSingleMetric("maitre_rate_limit_decisions_total")?.get();
  const count = (result: string) =>
    metric?.values.find((v) => v.labels.limiter === limiter && v.labels.result === result)?.value ?? 0;
  return {
    allowed: count("allowed"),
    rejected: count("rejected"),
    fallback_allowed: count("fallback_allowed"),
    fallback_rejected: count("fallback_rejected"),
  };
}

/** Real-clock stores: start a case well inside a window so it cannot straddle two. */
async function awayFromWindowEdge(): Promise<void> {
  const windowMs = CONTRACT_WINDOW_SECONDS * 1000;
  const intoWindow = Date.now() % windowMs;
  if (intoWindow > windowMs - 2000) await sleep(windowMs - intoWindow + 50);
}
