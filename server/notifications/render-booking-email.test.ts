import { describe, expect, it } from "vitest";
import { renderBookingEmail } from "./render-booking-email";

describe("booking emails", () => {
  const base = {
    restaurantName: "Bistro <Lumière>",
    reference: "AB12CD34",
    guestName: "Ava O'Brien",
    partySize: 4,
    startsAt: new Date("2026-03-29T18:30:00Z"),
  };

  it("shows the local time of the restaurant, across a DST change", () => {
    const london = renderBookingEmail({ ...base, kind: "booking_confirmed", timezone: "Europe/London" });
    // 29 March 2026 is the first day of BST: 18:30Z is 19:30 in London.
    expect(london.text).toContain("19:30");
    const newYork = renderBookingEmail({ ...base, kind: "booking_confirmed", timezone: "America/New_York" });
    expect(newYork.text).toContain("14:30");
  });

  it("confirms with the reference, and escapes guest-controlled text in HTML", () => {
    const mail = renderBookingEmail({ ...base, kind: "booking_confirmed", timezone: "Europe/London" });
    expect(mail.subject).toContain("confirmed");
    expect(mail.text).toContain("AB12CD34");
    expect(mail.text).toContain("4 guests");
    expect(mail.html).toContain("Bistro &lt;Lumière&gt;");
    expect(mail.html).toContain("O&#39;Brien");
    expect(mail.html).not.toContain("<Lumière>");
  });

  it("renders cancellations", () => {
    const mail = renderBookingEmail({ ...base, partySize: 1, kind: "booking_cancelled", timezone: "Europe/London" });
    expect(mail.subject).toContain("cancelled");
    expect(mail.text).toContain("1 guest ");
  });
});
