import type { TRenderedEmail } from "./render-booking-email";

export type TStaffInviteEmailInput = {
  restaurantName: string;
  role: "owner" | "manager" | "host";
  inviterName: string | null;
  link: string;
  expiresAt: Date;
  timezone: string;
};

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The invitation to join a restaurant's team: who invited, as what, the link, and until when it works. */
export function renderStaffInviteEmail(input: TStaffInviteEmailInput): TRenderedEmail {
  const until = new Intl.DateTimeFormat("en-GB", {
    timeZone: input.timezone,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(input.expiresAt);
  const who = input.inviterName ? `${input.inviterName} has invited you` : "You have been invited";
  const subject = `Join ${input.restaurantName} on Maitre`;
  const lines = [
    "Hello,",
    "",
    `${who} to join the team of ${input.restaurantName} on Maitre as ${input.role}.`,
    "",
    `Accept the invitation: ${input.link}`,
    "",
    `The link works once and until ${until}. If you did not expect this email, ignore it.`,
  ];
  const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif">${lines
    .map((line) =>
      line === ""
        ? ""
        : line.startsWith("Accept the invitation: ")
          ? `<p><a href="${escapeHtml(input.link)}">Accept the invitation to ${escapeHtml(input.restaurantName)}</a></p>`
          : `<p>${escapeHtml(line)}</p>`,
    )
    .join("")}</body></html>`;
  return { subject, text: `${lines.join("\n")}\n`, html };
}
