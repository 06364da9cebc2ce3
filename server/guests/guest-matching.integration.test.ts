import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import { mergeGuests } from "./merge-guests";
import { normalizePhone } from "./normalize-phone";
import { bookGuest, guestIdOf } from "./testing/guest-test-kit";

/**
 * The database links every booking with an email or phone to its restaurant's guest (maitre_link_booking_guest),
 * on PGlite and PostgreSQL: created on the first booking, found again by email (any case) or phone (any format),
 * merged duplicates resolve to their survivor, concurrent first bookings make one guest.
 */
describeEachBackend("guest matching trigger", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
  });

  const guest = (id: string | null) =>
    db()
      .kysely.selectFrom("guests")
      .selectAll()
      .where("id", "=", id ?? "")
      .executeTakeFirstOrThrow();

  it("creates a guest on the first booking and links the second booking with the same email (any case)", async () => {
    const first = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:00",
      email: "Grace.Hopper@Example.com",
      name: " Grace Hopper ",
    });
    expect(first.guestId).not.toBeNull();
    const created = await guest(first.guestId);
    expect(created).toMatchObject({
      restaurant_id: venue.restaurantId,
      name: "Grace Hopper",
      email: "grace.hopper@example.com",
      phone: null,
    });

    const second = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "20:00",
      email: "GRACE.hopper@example.COM",
      name: "G. Hopper",
    });
    expect(second.guestId).toBe(first.guestId);
    // The same email at another restaurant is another restaurant's guest.
    const elsewhere = await bookGuest(db(), {
      restaurantId: other.restaurantId,
      at: "19:00",
      email: "grace.hopper@example.com",
    });
    expect(elsewhere.guestId).not.toBe(first.guestId);
  });

  it("links phone-only bookings by the normalised number, whatever its format", async () => {
    const first = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:15",
      phone: "+44 20 7946 0101",
      name: "Alan Turing",
    });
    expect((await guest(first.guestId)).phone).toBe("+442079460101");
    const second = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "19:15",
      phone: "+44-(20)-7946.0101",
      name: "Alan Turing",
    });
    expect(second.guestId).toBe(first.guestId);
    // An email booking that also gives the phone finds the guest by phone (no email on file yet).
    const third = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "20:15",
      phone: "+44 20 7946 0101",
      email: "alan@example.com",
    });
    expect(third.guestId).toBe(first.guestId);
  });

  it("gives no guest to a booking without email or phone, nor to one whose phone is no number", async () => {
    const none = await bookGuest(db(), { restaurantId: venue.restaurantId, at: "18:30", name: "Walk In" });
    expect(none.guestId).toBeNull();
    const junk = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:45",
      phone: "n/a",
      name: "No Number",
    });
    expect(junk.guestId).toBeNull();
  });

  it("links a booking whose contact is edited to the guest of the new contact; a name-only edit keeps it", async () => {
    const booking = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "19:30",
      email: "edit.me@example.com",
    });
    const before = booking.guestId;
    await db().kysely.updateTable("bookings").set({ guest_name: "Renamed" }).where("id", "=", booking.id).execute();
    expect(await guestIdOf(db().kysely, booking.id)).toBe(before);
    await db()
      .kysely.updateTable("bookings")
      .set({ guest_email: "moved@example.com" })
      .where("id", "=", booking.id)
      .execute();
    const after = await guestIdOf(db().kysely, booking.id);
    expect(after).not.toBe(before);
    expect((await guest(after)).email).toBe("moved@example.com");
  });

  it("sends a merged duplicate's email and phone to the survivor", async () => {
    const a = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:00",
      date: "2027-03-06",
      email: "dup.one@example.com",
      name: "Dup One",
    });
    const b = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:00",
      date: "2027-03-07",
      phone: "07700 900123",
      name: "Dup One",
    });
    expect(a.guestId).not.toBe(b.guestId);
    await mergeGuests(db(), {
      restaurantId: venue.restaurantId,
      sourceGuestIds: [b.guestId as string],
      targetGuestId: a.guestId as string,
      now: new Date(),
    });
    const byPhone = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "20:00",
      date: "2027-03-07",
      phone: "07700900123",
    });
    expect(byPhone.guestId).toBe(a.guestId);
    // A third record merged into the survivor later: the older duplicate still resolves in one hop.
    const c = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "18:00",
      date: "2027-03-08",
      email: "dup.three@example.com",
    });
    await mergeGuests(db(), {
      restaurantId: venue.restaurantId,
      sourceGuestIds: [a.guestId as string],
      targetGuestId: c.guestId as string,
      now: new Date(),
    });
    const again = await bookGuest(db(), {
      restaurantId: venue.restaurantId,
      at: "20:30",
      date: "2027-03-08",
      phone: "07700 900 123",
    });
    expect(again.guestId).toBe(c.guestId);
    expect((await guest(b.guestId)).merged_into).toBe(c.guestId);
  });

  it("makes one guest when first bookings of the same guest arrive at once", async () => {
    const results = await Promise.all(
      ["18:00", "18:15", "18:30", "18:45"].map((at) =>
        bookGuest(db(), {
          restaurantId: venue.restaurantId,
          at,
          date: "2027-03-09",
          email: "race@example.com",
          phone: "+15550001111",
        }),
      ),
    );
    expect(new Set(results.map((r) => r.guestId)).size).toBe(1);
    const count = await db()
      .kysely.selectFrom("guests")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("restaurant_id", "=", venue.restaurantId)
      .where("email", "=", "race@example.com")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("normalises phones in SQL exactly as normalizePhone does in TypeScript", async () => {
    const cases = [
      "+44 20 7946 0018",
      " +44 (0)20-7946.0018 ",
      "020 7946 0018",
      "(555) 123-4567",
      "123",
      "",
      "   ",
      "n/a",
      "+",
      "1".repeat(21),
      "12 + 34",
    ];
    for (const input of cases) {
      const { rows } = await sql<{ p: string | null }>`select maitre_normalize_phone(${input}) as p`.execute(
        db().kysely,
      );
      expect(rows[0]?.p ?? null, input).toBe(normalizePhone(input));
    }
  });
});
