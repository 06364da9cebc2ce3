import { afterEach, describe, expect, it } from "vitest";
import { runMixedLoad } from "./run-mixed-load";
import { startStubServer, type TStubServer } from "./stub-maitre-server";

let stub: TStubServer | null = null;
afterEach(async () => {
  await stub?.close();
  stub = null;
});

const options = (url: string, restaurantId: string) => ({
  urls: [url],
  apiKey: "mt_test_key",
  staff: { email: "manager@maitre.demo", password: "maitre-demo" },
  restaurantId,
  date: "2027-06-11",
  staffCount: 2,
  seed: 5,
});

describe("runMixedLoad (against a stand-in server)", () => {
  it("refuses a non-loopback URL before sending anything", async () => {
    await expect(runMixedLoad({ ...options("http://10.1.2.3:3000", "r"), rate: 10, durationMs: 1000 })).rejects.toThrow(
      /loopback/,
    );
  });

  it("stops at the request cap, sends staff mutations with the cookie and Origin, and counts every answer", async () => {
    stub = await startStubServer();
    const report = await runMixedLoad({
      ...options(stub.url, stub.restaurantId),
      rate: 100,
      durationMs: 10_000,
      maxRequests: 120,
    });
    expect(report.sent).toBe(120);
    expect(report.answered).toBe(120);
    expect(report.endedAt - report.startedAt).toBeLessThan(9000); // the cap came first, not the 10 s
    const counted = Object.values(report.routes).reduce((sum, figures) => sum + (figures?.count ?? 0), 0);
    expect(counted).toBe(120 + (report.routes["ops.stream"]?.count ?? 0));
    expect(report.errors).toEqual({ ok: counted });
    const staffMutations = stub.requests.filter((r) => r.method === "POST" && /\/api\/(staff|ops)\//.test(r.path));
    expect(staffMutations.length).toBeGreaterThan(0);
    expect(staffMutations.every((r) => r.origin === stub?.url && r.cookie === "maitre_session=stub-session")).toBe(
      true,
    );
    expect(report.sse.subscribers).toBe(2);
    expect(report.sse.events).toBeGreaterThan(0);
    expect(report.accepted.length).toBeGreaterThan(0);
  });

  it("retries a refused booking with the same Idempotency-Key after Retry-After and records it accepted once", async () => {
    stub = await startStubServer({ failFirstBookingAttempt: true });
    const report = await runMixedLoad({ ...options(stub.url, stub.restaurantId), rate: 20, durationMs: 1500 });
    const attempts = stub.requests.filter((r) => r.method === "POST" && r.path === "/api/bookings");
    const byKey = new Map<string | null, typeof attempts>();
    for (const attempt of attempts)
      byKey.set(attempt.idempotencyKey, [...(byKey.get(attempt.idempotencyKey) ?? []), attempt]);
    expect(byKey.size).toBeGreaterThan(0);
    for (const [key, sent] of byKey) {
      expect(sent).toHaveLength(2);
      expect(report.accepted.filter((a) => a.idempotencyKey === key)).toHaveLength(1);
    }
    expect(report.routes["booking.create"]?.byStatus).toEqual({ "503": byKey.size, "200": byKey.size });
    expect(report.incidents.filter((i) => i.errorClass === "unavailable_503")).toHaveLength(byKey.size);
    expect(report.gaveUp).toBe(0);
  });
});
