import { ms, recordBench, summarise, verdict } from "./support/bench";
import { DEMO_HOST, expect, LONDON, opsUrl, signIn, test } from "./support/fixtures";
import { addDays, jsonOf, localDateIn, restaurantOf, sendChange } from "./support/ops-api";

/**
 * Live: a change made by one member of staff appears in another's browser without a reload (SSE from
 * /api/ops/stream → React Query). Context A (the manager) changes bookings through the API; context B (the host)
 * watches the Timeline of the same restaurant-day. Each round A takes a phone booking (B: its block appears) and
 * cancels it (B: the block goes, or is labelled Cancelled). The round trip runs from just before A's request to
 * the DOM mutation in B (a MutationObserver in B; both clocks are this machine's).
 */

const ROUNDS = 5; // two changes each: 10 samples
const LIVE_BOUND_MS = 2_000; // acceptance: visible within 2 s
const LIVE_TARGET_P95_MS = 1_000; // target: p95 ≤ 1 s

type TBooking = { id: string; status: string; version: number; allowedEvents: string[] };
type TWatch = { mode: "appear"; token: string } | { mode: "gone"; bookingId: string };

test("another member of staff's change appears live on the Timeline, within 2 s", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // A quiet day in London (the demo seeds only its today), so the new blocks have free tables.
  const date = addDays(localDateIn("Europe/London"), 9);
  const restaurant = await restaurantOf(page, LONDON);
  const runId = Date.now().toString(36);

  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await signIn(pageB, DEMO_HOST);
  await pageB.goto(opsUrl("/ops", { restaurant: LONDON, date }));
  await expect(pageB.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
  await expect(pageB.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 30_000 });
  // B's stream is open (the top bar's live indicator).
  await expect(pageB.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 30_000 });

  /** After-response part of each round trip: how long B lagged behind A's answer (the stream and B's refetch). */
  const afterAnswer: number[] = [];
  /** Arms a watcher in B, runs `change` in A, returns the ms from A's request to B's DOM showing it. */
  const roundTrip = async (watch: TWatch, change: () => Promise<void>): Promise<number> => {
    await pageB.evaluate(
      ({ watch, bound }) => {
        const shown = (): boolean => {
          if (watch.mode === "appear") {
            return [...document.querySelectorAll("[data-booking-id]")].some((el) =>
              (el.textContent ?? "").includes(watch.token),
            );
          }
          return [...document.querySelectorAll(`[data-booking-id="${watch.bookingId}"]`)].every((el) =>
            (el.textContent ?? "").includes("Cancelled"),
          );
        };
        const w = window as unknown as { __liveSeen?: Promise<number> };
        w.__liveSeen = new Promise<number>((resolve, reject) => {
          const observer = new MutationObserver(() => {
            if (!shown()) return;
            observer.disconnect();
            resolve(Date.now());
          });
          observer.observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
            attributeFilter: ["aria-label", "data-booking-id"],
          });
          setTimeout(() => {
            observer.disconnect();
            reject(new Error(`B did not show ${JSON.stringify(watch)} within ${bound} ms`));
          }, bound);
        });
      },
      { watch, bound: LIVE_BOUND_MS * 3 },
    );
    const sent = Date.now();
    await change();
    const answered = Date.now();
    const seen = await pageB.evaluate(() => (window as unknown as { __liveSeen: Promise<number> }).__liveSeen);
    afterAnswer.push(Math.max(0, seen - answered));
    return seen - sent;
  };

  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const token = `Live${runId}r${round}`;
    let booking: TBooking | undefined;
    samples.push(
      await roundTrip({ mode: "appear", token }, async () => {
        booking = await jsonOf<TBooking>(
          await sendChange(page, "/api/ops/bookings", {
            idempotencyKey: `e2e-live-${runId}-${round}`,
            body: {
              restaurantId: restaurant.restaurantId,
              source: "phone",
              partySize: 2,
              // Dinner, 18:00 on the half hour (every demo restaurant seats until 21:45).
              startsAt: `${date}T${String(18 + Math.floor(round / 2)).padStart(2, "0")}:${round % 2 ? "30" : "00"}`,
              guestName: `Eve ${token}`,
              guestPhone: "+44 20 7946 0000",
            },
          }),
          "POST /api/ops/bookings",
        );
      }),
    );
    if (!booking) throw new Error("no booking created");
    // The answer may precede the assignment (the job path): read the booking as it is now, then cancel it.
    const current = await jsonOf<TBooking>(await page.request.get(`/api/ops/bookings/${booking.id}`), "GET booking");
    expect(current.allowedEvents).toContain("cancel");
    samples.push(
      await roundTrip({ mode: "gone", bookingId: current.id }, async () => {
        await jsonOf<TBooking>(
          await sendChange(page, `/api/ops/bookings/${current.id}/transitions`, {
            body: { event: "cancel", expectedVersion: current.version, reason: "e2e: live update check" },
          }),
          `cancel ${current.id}`,
        );
      }),
    );
  }
  await contextB.close();

  const stats = summarise(samples);
  const lag = summarise(afterAnswer);
  recordBench("live", [
    "### Live update round trip",
    "",
    "Two browser contexts on the same restaurant-day (manager A, host B on the Timeline). A changes bookings over",
    "the API (a phone booking, then its cancellation); B's Timeline shows the block appear and go without reload",
    "(SSE `/api/ops/stream` → React Query refetch). Measured from A's request to the DOM mutation in B.",
    "",
    "The second row is the part after A's answer arrived (stream + B's refetch and render), without the API's",
    "own work (creating and assigning, or cancelling).",
    "",
    "| measured from | changes | min | median | p95 | max | target p95 |",
    "|---|---:|---:|---:|---:|---:|---|",
    `| A's request | ${samples.length} | ${ms(stats.min)} | ${ms(stats.median)} | ${ms(stats.p95)} | ${ms(stats.max)} | ${verdict(stats.p95 <= LIVE_TARGET_P95_MS)} ≤ 1 s |`,
    `| A's answer | ${afterAnswer.length} | ${ms(lag.min)} | ${ms(lag.median)} | ${ms(lag.p95)} | ${ms(lag.max)} |  |`,
    "",
    `Samples (ms, from the request): ${samples.map((s) => Math.round(s)).join(", ")}.`,
  ]);
  for (const sample of samples) {
    expect(sample, "a change must be visible in the other context within 2 s").toBeLessThanOrEqual(LIVE_BOUND_MS);
  }
});
