import { beforeAll, expect, it } from "vitest";
import type { TJobRequest } from "@/server/infra/queue/job-definition";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { commitAssignment } from "./commit-assignment";
import { bookingState, expectDomainError, historyOf, host, tablesOf } from "./testing/assignment-test-kit";
import { unassignTables } from "./unassign-tables";

describeEachBackend("unassignTables", ({ db }) => {
  let venue: EveningScenario;
  let day = 0;
  const t = (label: string) => venue.tables[label] as string;
  const book = (party: number) => venue.book({ party, at: "19:00", date: `2027-06-${String(++day).padStart(2, "0")}` });
  const place = async (party: number, labels: string[]) => {
    const booking = await book(party);
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: labels.map(t),
      actor: host,
    });
    return booking;
  };
  const unassign = (bookingId: string, labels?: string[], enqueue?: (job: TJobRequest) => void) =>
    unassignTables({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId,
      tableIds: labels?.map(t),
      actor: host,
      reason: "guest asked for the terrace",
      enqueue: async (_tx, job) => enqueue?.(job),
    });

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  it("removes every table: back to assignment_pending, a new assignment is queued", async () => {
    const booking = await place(4, ["A"]);
    const jobs: TJobRequest[] = [];
    const result = await unassign(booking.bookingId, undefined, (job) => jobs.push(job));
    expect(result.body).toMatchObject({ fromStatus: "assigned", status: "assignment_pending", tableIds: [] });
    expect(result.body.removedTableIds).toEqual([t("A")]);
    expect(jobs).toEqual([
      expect.objectContaining({
        name: "booking.assign",
        payload: expect.objectContaining({ bookingId: booking.bookingId }),
      }),
    ]);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
    expect((await historyOf(db().kysely, booking.bookingId)).at(-1)).toMatchObject({
      from_status: "assigned",
      to_status: "assignment_pending",
      event: "UNASSIGN",
      reason: "guest asked for the terrace",
    });
  });

  it("keeps the status when the remaining tables still seat the party (self-transition)", async () => {
    const booking = await place(4, ["A", "B"]);
    const result = await unassign(booking.bookingId, ["B"]);
    expect(result.body).toMatchObject({
      status: "assigned",
      fromStatus: "assigned",
      stateVersion: 4,
      tableIds: [t("A")],
    });
    expect(result.body.jobs).toEqual([]);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("A")]);
    expect((await historyOf(db().kysely, booking.bookingId)).at(-1)).toMatchObject({
      from_status: "assigned",
      to_status: "assigned",
      event: "TABLES_CHANGED",
      version: 4,
    });
  });

  it("returns to assignment_pending when the rest no longer seats the party", async () => {
    const booking = await place(7, ["B", "C"]);
    const result = await unassign(booking.bookingId, ["C"]);
    expect(result.body).toMatchObject({ status: "assignment_pending", tableIds: [] });
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([]);
  });

  it("refuses tables the booking does not have and changes nothing", async () => {
    const booking = await place(4, ["D"]);
    const before = await bookingState(db().kysely, booking.bookingId);
    const error = await expectDomainError(unassign(booking.bookingId, ["A"]), "TABLE_UNAVAILABLE");
    expect(error.meta.notAssigned).toEqual([t("A")]);
    expect(await bookingState(db().kysely, booking.bookingId)).toEqual(before);
    expect(await tablesOf(db().kysely, booking.bookingId)).toEqual([t("D")]);
  });

  it("refuses a booking without tables (INVALID_TRANSITION)", async () => {
    const booking = await book(2);
    await expectDomainError(unassign(booking.bookingId), "INVALID_TRANSITION");
  });
});
