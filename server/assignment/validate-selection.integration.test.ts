import { beforeAll, expect, it } from "vitest";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import { countRows, host } from "./testing/assignment-test-kit";
import { validateSelection } from "./validate-selection";

describeEachBackend("validateSelection", ({ db }) => {
  let venue: EveningScenario;
  const t = (label: string) => venue.tables[label] as string;
  const validate = (bookingId: string, labels: string[], expectedVersion?: number) =>
    validateSelection({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      tableIds: labels.map(t),
      expectedVersion,
    });

  beforeAll(async () => {
    venue = await setupEveningScenario(db(), {
      tables: [
        { label: "A", capacity: 4 },
        { label: "B", capacity: 4 },
        { label: "C", capacity: 4 },
        { label: "F", capacity: 2, mergeable: false },
      ],
      adjacency: [
        ["A", "B"],
        ["B", "C"],
      ],
    });
  });

  it("passes every check for a good selection", async () => {
    const booking = await venue.book({ party: 6, at: "19:00" });
    const result = await validate(booking.bookingId, ["A", "B"], 2);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.check)).toEqual([
      "version",
      "booking_state",
      "tables_found",
      "tables_active",
      "table_count",
      "mergeable",
      "same_zone",
      "connected",
      "capacity",
      "available",
    ]);
    expect(result.checks.every((c) => c.ok && c.code === undefined)).toBe(true);
  });

  it("reports every failing rule with code and hint, and writes nothing", async () => {
    const booking = await venue.book({ party: 2, at: "19:30" });
    const other = await venue.book({ party: 2, at: "19:00" });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: other.bookingId,
      tableIds: [t("C")],
      actor: host,
    });
    const before = {
      allocations: await countRows(db().kysely, "allocations"),
      history: await countRows(db().kysely, "booking_state_history"),
    };
    const result = await validate(booking.bookingId, ["A", "C", "F"], 1);
    expect(result.ok).toBe(false);
    const failed = Object.fromEntries(result.checks.filter((c) => !c.ok).map((c) => [c.check, c.code]));
    expect(failed).toEqual({
      version: "STALE_VERSION",
      mergeable: "NOT_MERGEABLE",
      connected: "NOT_CONNECTED",
      capacity: "CAPACITY",
      available: "TABLE_CONFLICT",
    });
    const available = result.checks.find((c) => c.check === "available");
    expect(available?.message).toContain(other.reference);
    expect(available?.hint).toMatch(/pick free tables/);
    expect(result.checks.filter((c) => !c.ok).every((c) => (c.hint ?? "").length > 0)).toBe(true);
    expect(await countRows(db().kysely, "allocations")).toBe(before.allocations);
    expect(await countRows(db().kysely, "booking_state_history")).toBe(before.history);
  });

  it("treats the booking's own tables as free (a reassignment replaces them)", async () => {
    const booking = await venue.book({ party: 3, at: "21:00" });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: [t("A")],
      actor: host,
    });
    const result = await validate(booking.bookingId, ["A"]);
    expect(result.ok).toBe(true);
  });
});
