export type TBookingEmailInput = {
  kind: "booking_confirmed" | "booking_cancelled";
  restaurantName: string;
  timezone: string;
  reference: string;
  guestName: string;
  partySize: number;
  startsAt: Date;
};

export type TRenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The guest's email, in the restaurant's local time (the guest travels to the restaurant, not to our server). */
export function renderBookingEmail(input: TBookingEmailInput): TRenderedEmail {
  const when = new Intl.DateTimeFormat("en-GB", {
    timeZone: input.timezone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(input.startsAt);
  const party = `${input.partySize} ${input.partySize === 1 ? "guest" : "guests"}`;
  const confirmed = input.kind === "booking_confirmed";
  const subject = confirmed
    ? `Your table at ${input.restaurantName} is confirmed – ${when}`
    : `Your booking at ${input.restaurantName} is cancelled`;
  const lines = confirmed
    ? [
        `Dear ${input.guestName},`,
        "",
        `Your table for ${party} at ${input.restaurantName} on ${when} is confirmed.`,
        `Booking reference: ${input.reference}`,
        "",
        "If your plans change, please cancel with your reference so another guest can have the table.",
      ]
    : [
        `Dear ${input.guestName},`,
        "",
        `Your booking ${input.reference} for ${party} at ${input.restaurantName} on ${when} has been cancelled.`,
      ];
  const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif">${lines
    .map((line) => (line === "" ? "" : `<p>${escapeHtml(line)}</p>`))
    .join("")}</body></html>`;
  return { subject, text: `${lines.join("\n")}\n`, html };
}
