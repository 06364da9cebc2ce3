import type { TRenderedEmail } from "./render-booking-email";

type TRole = "owner" | "manager" | "host";

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const untilText = (expiresAt: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(expiresAt);

/**
 * An email to staff around one link that works once: text lines, the link on its own line (`<action>: <link>` in
 * the text, an anchor named `linkName` in the HTML), and until when it works.
 */
function renderLinkEmail({
  subject,
  intro,
  action,
  linkName,
  link,
  outro,
}: {
  subject: string;
  intro: string;
  action: string;
  linkName: string;
  link: string;
  outro: string;
}): TRenderedEmail {
  const lines = ["Hello,", "", intro, "", `${action}: ${link}`, "", outro];
  const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif">${lines
    .map((line) =>
      line === ""
        ? ""
        : line.startsWith(`${action}: `)
          ? `<p><a href="${escapeHtml(link)}">${escapeHtml(linkName)}</a></p>`
          : `<p>${escapeHtml(line)}</p>`,
    )
    .join("")}</body></html>`;
  return { subject, text: `${lines.join("\n")}\n`, html };
}

export type TStaffInviteEmailInput = {
  restaurantName: string;
  role: TRole;
  inviterName: string | null;
  link: string;
  expiresAt: Date;
  timezone: string;
};

/** The invitation to join a restaurant's team: who invited, as what, the link, and until when it works. */
export function renderStaffInviteEmail(input: TStaffInviteEmailInput): TRenderedEmail {
  const who = input.inviterName ? `${input.inviterName} has invited you` : "You have been invited";
  return renderLinkEmail({
    subject: `Join ${input.restaurantName} on Maitre`,
    intro: `${who} to join the team of ${input.restaurantName} on Maitre as ${input.role}.`,
    action: "Accept the invitation",
    linkName: `Accept the invitation to ${input.restaurantName}`,
    link: input.link,
    outro: `The link works once and until ${untilText(input.expiresAt, input.timezone)}. If you did not expect this email, ignore it.`,
  });
}

export type TStaffPasswordResetEmailInput = {
  restaurantName: string;
  requesterName: string | null;
  link: string;
  expiresAt: Date;
  timezone: string;
};

/** A link to choose a new Maitre password, sent by a manager of the restaurant (the old password keeps working). */
export function renderStaffPasswordResetEmail(input: TStaffPasswordResetEmailInput): TRenderedEmail {
  const who = input.requesterName
    ? `${input.requesterName} (${input.restaurantName})`
    : `A manager of ${input.restaurantName}`;
  return renderLinkEmail({
    subject: `Choose a new Maitre password (${input.restaurantName})`,
    intro: `${who} sent you a link to choose a new password for Maitre.`,
    action: "Choose a new password",
    linkName: "Choose a new Maitre password",
    link: input.link,
    outro: `The link works once and until ${untilText(input.expiresAt, input.timezone)}. Choosing a new password signs you out on every other device. Until then your current password keeps working; if you did not ask for this, ignore this email.`,
  });
}
