import { afterAll, beforeAll, expect, it } from "vitest";
import { getOpsAvailability } from "@/server/availability/get-ops-availability";
import { findStaffBookingDetail } from "@/server/booking/find-staff-booking-detail";
import { staffViewer } from "@/server/booking/staff-booking-response";
import type { TGuestDetail, TGuestExport, TGuestListResponse } from "@/server/guests/guest-schema";
import { bookGuest, forceStatus } from "@/server/guests/testing/guest-test-kit";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as ERASE } from "./[guestId]/erase/route";
import { GET as EXPORT } from "./[guestId]/export/route";
import { GET as DETAIL, PATCH } from "./[guestId]/route";
import { POST as MERGE } from "./merge/route";
import { GET as LIST } from "./route";

/**
 * The guests API through the real route handlers, on PGlite and PostgreSQL: list with counts and search, detail,
 * notes/tags (hosts too; 400/422 write nothing), merge (manager, one transaction), export (JSON attachment),
 * erase (bookings kept, personal fields gone from guest and bookings), role checks and other restaurants.
 */
describeEachBackend("/api/ops/restaurants/{id}/guests", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let manager: TTestStaff;
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let ada = "";
  let adaBookings: string[] = [];
  let otherGuest = "";

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    const r = venue.restaurantId;
    const email = "ada@example.com";
    const made = [
      await bookGuest(db(), { restaurantId: r, at: "18:00", date: "2027-03-01", email, name: "Ada Lovelace" }),
      await bookGuest(db(), { restaurantId: r, at: "18:00", date: "2027-03-02", email, name: "Ada Lovelace" }),
      await bookGuest(db(), { restaurantId: r, at: "18:00", date: "2027-03-03", email, name: "Ada Lovelace" }),
      await bookGuest(db(), { restaurantId: r, at: "18:00", date: "2027-03-04", email, name: "Ada Lovelace" }),
      await bookGuest(db(), { restaurantId: r, at: "19:00", email, name: "Ada Lovelace", phone: "+44 20 7946 0001" }),
    ];
    await forceStatus(db().kysely, made[0]?.id as string, "completed");
    await forceStatus(db().kysely, made[1]?.id as string, "checked_in");
    await forceStatus(db().kysely, made[2]?.id as string, "no_show");
    await forceStatus(db().kysely, made[3]?.id as string, "cancelled");
    ada = made[0]?.guestId as string;
    adaBookings = made.map((m) => m.id);
    await bookGuest(db(), { restaurantId: r, at: "18:30", email: "charles@example.com", name: "Charles Babbage" });
    await bookGuest(db(), { restaurantId: r, at: "18:45", phone: "07700 900555", name: "Mary Somerville" });
    otherGuest = (
      await bookGuest(db(), { restaurantId: other.restaurantId, at: "19:00", email, name: "Ada Elsewhere" })
    ).guestId as string;
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const base = (restaurantId = venue.restaurantId) => `/api/ops/restaurants/${restaurantId}/guests`;
  const list = async (staff: TTestStaff | null, search = "", restaurantId = venue.restaurantId) =>
    LIST(staffRequest(`${base(restaurantId)}${search}`, { staff }), routeParams({ id: restaurantId }));
  const detail = (staff: TTestStaff, guestId: string, restaurantId = venue.restaurantId) =>
    DETAIL(staffRequest(`${base(restaurantId)}/${guestId}`, { staff }), routeParams({ id: restaurantId, guestId }));
  const patch = (staff: TTestStaff, guestId: string, body: unknown, restaurantId = venue.restaurantId) =>
    PATCH(
      staffRequest(`${base(restaurantId)}/${guestId}`, { method: "PATCH", staff, body }),
      routeParams({ id: restaurantId, guestId }),
    );
  const merge = (staff: TTestStaff, body: unknown, restaurantId = venue.restaurantId) =>
    MERGE(
      staffRequest(`${base(restaurantId)}/merge`, { method: "POST", staff, body }),
      routeParams({ id: restaurantId }),
    );
  const exportOf = (staff: TTestStaff, guestId: string, restaurantId = venue.restaurantId) =>
    EXPORT(
      staffRequest(`${base(restaurantId)}/${guestId}/export`, { staff }),
      routeParams({ id: restaurantId, guestId }),
    );
  const erase = (staff: TTestStaff, guestId: string, restaurantId = venue.restaurantId) =>
    ERASE(
      staffRequest(`${base(restaurantId)}/${guestId}/erase`, { method: "POST", staff }),
      routeParams({ id: restaurantId, guestId }),
    );
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    const problem = (await response.json()) as { code: string; hint?: string };
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
  };
  const guestRows = () => db().kysely.selectFrom("guests").selectAll().orderBy("id").execute();
  const bookingRows = () =>
    db().kysely.selectFrom("bookings").select(["id", "guest_id", "guest_name", "guest_email"]).orderBy("id").execute();

  it("lists guests by name with visits, no-shows, cancellations, last visit and the next booking", async () => {
    const response = await list(host);
    expect(response.status).toBe(200);
    const page = (await response.json()) as TGuestListResponse;
    expect(page.items.map((g) => g.name)).toEqual(["Ada Lovelace", "Charles Babbage", "Mary Somerville"]);
    expect(page.total).toBe(3);
    const first = page.items[0];
    expect(first).toMatchObject({ id: ada, email: "ada@example.com", visits: 2, noShows: 1, cancellations: 1 });
    expect(first?.lastVisitAt).toBe(new Date("2027-03-02T18:00:00Z").toISOString());
    expect(first?.upcoming?.bookingId).toBe(adaBookings[4]);
    // Not another restaurant's guest with the same email.
    expect(page.items.some((g) => g.id === otherGuest)).toBe(false);
  });

  it("searches name, email and phone digits (any format), and pages", async () => {
    const names = async (q: string) =>
      ((await (await list(manager, `?q=${encodeURIComponent(q)}`)).json()) as TGuestListResponse).items.map(
        (g) => g.name,
      );
    expect(await names("babb")).toEqual(["Charles Babbage"]);
    expect(await names("ADA@EXAMPLE")).toEqual(["Ada Lovelace"]);
    expect(await names("07700 900 555")).toEqual(["Mary Somerville"]);
    expect(await names("100%_")).toEqual([]);
    const second = (await (await list(manager, "?pageSize=2&page=2")).json()) as TGuestListResponse;
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((g) => g.name)).toEqual(["Mary Somerville"]);
    const beyond = (await (await list(manager, "?pageSize=2&page=9")).json()) as TGuestListResponse;
    expect(beyond).toMatchObject({ total: 3, items: [] });
    await expectProblem(await list(manager, "?pageSize=1000"), 400, "VALIDATION_FAILED");
  });

  it("lets a host set notes and tags (canonical, no repeats); shows them on the timeline and in the booking", async () => {
    const response = await patch(host, ada, {
      tags: ["vip", "Allergy", "VIP", " window  seat "],
      notes: "Severe nut allergy",
    });
    expect(response.status).toBe(200);
    const guest = (await response.json()) as TGuestDetail;
    expect(guest.tags).toEqual(["VIP", "Allergy", "window seat"]);
    expect(guest.notes).toBe("Severe nut allergy");
    expect(guest.bookings).toHaveLength(5);

    const day = await getOpsAvailability({
      db: db().kysely,
      restaurantId: venue.restaurantId,
      date: "2027-03-05",
      now: new Date(),
    });
    const booked = [
      ...day.unassigned.map((u) => ({ id: u.bookingId, guest: u.guest })),
      ...day.timeline.flatMap((t) => t.segments.map((s) => ({ id: s.bookingId, guest: s.guest }))),
    ];
    const seen = booked.find((b) => b.id === adaBookings[4]);
    expect(seen?.guest).toMatchObject({
      id: ada,
      tags: ["VIP", "Allergy", "window seat"],
      notes: "Severe nut allergy",
      visits: 2,
      noShows: 1,
    });

    const viewer = staffViewer({ staffId: manager.id, role: "manager" });
    const drawer = await findStaffBookingDetail(db().kysely, { bookingId: adaBookings[4] as string, viewer });
    expect(drawer?.guest).toMatchObject({
      id: ada,
      name: "Ada Lovelace",
      tags: ["VIP", "Allergy", "window seat"],
      visits: 2,
      noShows: 1,
      cancellations: 1,
    });
  });

  it("refuses unacceptable notes or tags with 422 and a malformed body with 400, saving nothing", async () => {
    const before = await guestRows();
    for (const body of [
      { tags: ["x".repeat(33)] },
      { tags: [""] },
      { tags: ["a,b"] },
      { tags: Array.from({ length: 13 }, (_, i) => `t${i}`) },
      { notes: "n".repeat(2001) },
      { notes: "bad\u0000note" },
      {},
    ]) {
      await expectProblem(await patch(host, ada, body), 422, "GUEST_INVALID");
    }
    for (const body of [{ tags: "VIP" }, { notes: 42 }, { name: "New name" }, "{nope"]) {
      await expectProblem(await patch(host, ada, body), 400, "VALIDATION_FAILED");
    }
    expect(await guestRows()).toEqual(before);
  });

  it("refuses a save over someone else's change with 409 STALE and the current guest, saving nothing", async () => {
    const loaded = (await (await detail(host, ada)).json()) as {
      updatedAt: string;
      notes: string | null;
      tags: string[];
    };
    const first = await patch(host, ada, { notes: "Window seat, please", expectedUpdatedAt: loaded.updatedAt });
    expect(first.status).toBe(200);
    const saved = (await first.json()) as { updatedAt: string; notes: string };
    expect(saved.notes).toBe("Window seat, please");
    const before = await guestRows();
    // A second editor still holding the first version.
    const stale = await patch(manager, ada, { tags: ["Regular"], expectedUpdatedAt: loaded.updatedAt });
    expect(stale.status).toBe(409);
    const problem = (await stale.json()) as { code: string; hint: string; current: { notes: string } };
    expect(problem.code).toBe("STALE");
    expect(problem.hint).toMatch(/Someone else/);
    expect(problem.current.notes).toBe("Window seat, please");
    expect(await guestRows()).toEqual(before);
    // With the version it now holds, the save goes through.
    const retried = await patch(manager, ada, { tags: ["Regular"], expectedUpdatedAt: saved.updatedAt });
    expect(retried.status).toBe(200);
    // Back as the other tests expect her (no version: the API keeps unversioned saves for scripts).
    expect((await patch(manager, ada, { notes: loaded.notes, tags: loaded.tags })).status).toBe(200);
  });

  it("merges duplicates in one transaction: bookings re-pointed, tags and notes combined; refusals change nothing", async () => {
    const dupe = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "20:00",
      date: "2027-03-06",
      email: "a.lovelace@example.com",
      name: "Ada L.",
    });
    await patch(manager, dupe.guestId as string, { tags: ["Birthday", "vip"], notes: "Prefers the window" });

    const beforeGuests = await guestRows();
    const beforeBookings = await bookingRows();
    await expectProblem(await merge(host, { sourceGuestIds: [dupe.guestId], targetGuestId: ada }), 403, "FORBIDDEN");
    // One source of another restaurant: 404, and not even the valid source moved.
    await expectProblem(
      await merge(manager, { sourceGuestIds: [dupe.guestId, otherGuest], targetGuestId: ada }),
      404,
      "NOT_FOUND",
    );
    await expectProblem(await merge(manager, { sourceGuestIds: [ada], targetGuestId: ada }), 400, "VALIDATION_FAILED");
    expect(await guestRows()).toEqual(beforeGuests);
    expect(await bookingRows()).toEqual(beforeBookings);

    const response = await merge(manager, { sourceGuestIds: [dupe.guestId], targetGuestId: ada });
    expect(response.status).toBe(200);
    const merged = (await response.json()) as { guest: TGuestDetail; movedBookings: number; mergedGuestIds: string[] };
    expect(merged.movedBookings).toBe(1);
    expect(merged.guest.tags).toEqual(["VIP", "Allergy", "window seat", "Birthday"]);
    expect(merged.guest.notes).toBe("Severe nut allergy\n\nPrefers the window");
    expect(merged.guest.bookings.map((b) => b.id)).toContain(dupe.id);
    const source = await db()
      .kysely.selectFrom("guests")
      .selectAll()
      .where("id", "=", dupe.guestId as string)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({ merged_into: ada, email: "a.lovelace@example.com" });
    // The duplicate is gone from the list, its old link answers as the survivor, and merging it again is refused.
    const page = (await (await list(manager)).json()) as TGuestListResponse;
    expect(page.items.some((g) => g.id === dupe.guestId)).toBe(false);
    expect(((await (await detail(host, dupe.guestId as string)).json()) as TGuestDetail).id).toBe(ada);
    await expectProblem(
      await merge(manager, { sourceGuestIds: [dupe.guestId], targetGuestId: ada }),
      422,
      "GUEST_INVALID",
    );
  });

  it("exports one guest as a JSON attachment (manager only)", async () => {
    await expectProblem(await exportOf(host, ada), 403, "FORBIDDEN");
    const response = await exportOf(manager, ada);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="guest-${ada}.json"`);
    expect(response.headers.get("content-type")).toContain("application/json");
    const data = (await response.json()) as TGuestExport;
    expect(data.restaurant.id).toBe(venue.restaurantId);
    expect(data.guest).toMatchObject({
      id: ada,
      name: "Ada Lovelace",
      email: "ada@example.com",
      tags: ["VIP", "Allergy", "window seat", "Birthday"],
    });
    expect(data.guest.mergedRecords.map((m) => m.email)).toEqual(["a.lovelace@example.com"]);
    expect(data.bookings).toHaveLength(6);
    expect(data.bookings.some((b) => b.guestPhone === "+44 20 7946 0001")).toBe(true);
  });

  it("answers 404 for another restaurant's guest and for a restaurant one is not a member of", async () => {
    await expectProblem(await detail(manager, otherGuest), 404, "NOT_FOUND");
    await expectProblem(await patch(manager, otherGuest, { notes: "x" }), 404, "NOT_FOUND");
    await expectProblem(await exportOf(manager, otherGuest), 404, "NOT_FOUND");
    await expectProblem(await erase(manager, otherGuest), 404, "NOT_FOUND");
    await expectProblem(await erase(manager, "not-a-guest"), 404, "NOT_FOUND");
    await expectProblem(await list(manager, "", other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(await detail(manager, otherGuest, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(await list(null), 401, "UNAUTHENTICATED");
  });

  it("erases a guest (manager): personal fields gone from the guest and its bookings, the bookings kept", async () => {
    await expectProblem(await erase(host, ada), 403, "FORBIDDEN");
    const statuses = await db()
      .kysely.selectFrom("bookings")
      .select(["id", "status", "starts_at", "ends_at", "party_size"])
      .where("guest_id", "=", ada)
      .orderBy("id")
      .execute();
    const response = await erase(manager, ada);
    expect(response.status).toBe(200);
    const erased = (await response.json()) as { id: string; erasedAt: string; erasedBookings: number };
    expect(erased).toMatchObject({ id: ada, erasedBookings: 6 });

    const guests = await db()
      .kysely.selectFrom("guests")
      .selectAll()
      .where((eb) => eb.or([eb("id", "=", ada), eb("merged_into", "=", ada)]))
      .execute();
    for (const g of guests) {
      expect(g).toMatchObject({ name: "Erased guest", email: null, phone: null, notes: null, tags: [] });
      expect(g.erased_at).not.toBeNull();
    }
    const bookings = await db()
      .kysely.selectFrom("bookings")
      .selectAll()
      .where("guest_id", "=", ada)
      .orderBy("id")
      .execute();
    expect(
      bookings.map((b) => ({
        id: b.id,
        status: b.status,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        party_size: b.party_size,
      })),
    ).toEqual(statuses);
    for (const b of bookings) {
      expect(b).toMatchObject({
        guest_name: "Erased guest",
        guest_email: null,
        guest_phone: null,
        notes: null,
        tags: [],
      });
    }
    const everything = JSON.stringify({
      guests: (await guestRows()).filter((g) => g.restaurant_id === venue.restaurantId),
      bookings: await db()
        .kysely.selectFrom("bookings")
        .selectAll()
        .where("restaurant_id", "=", venue.restaurantId)
        .execute(),
    });
    expect(everything).not.toContain("ada@example.com");
    expect(everything).not.toContain("Lovelace");
    expect(everything).not.toContain("nut allergy");
    // Gone from the list; a repeat answers the first erasure; a new booking with the email is a new guest.
    const page = (await (await list(manager)).json()) as TGuestListResponse;
    expect(page.items.some((g) => g.id === ada)).toBe(false);
    const again = (await (await erase(manager, ada)).json()) as { erasedAt: string };
    expect(again.erasedAt).toBe(erased.erasedAt);
    const fresh = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "21:00",
      date: "2027-03-06",
      email: "ada@example.com",
    });
    expect(fresh.guestId).not.toBe(ada);
    await expectProblem(await patch(manager, ada, { notes: "back?" }), 422, "GUEST_INVALID");
  });
});
