import { expect, it } from "vitest";
import { newLinkToken } from "@/server/setup/team/link-token";
import { setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import type { TMail, TMailTransport } from "./mail-transport";
import { deliverStaffEmail, enqueueStaffEmail, redactLinkTokens } from "./send-staff-email";

/**
 * An invitation link is a credential: after SMTP took the email, the copy kept in notifications has no token left
 * (the guest-facing text is otherwise kept), and the email that left carried the whole link.
 */
describeEachBackend("staff email (invitation link) over SMTP", ({ db }) => {
  it("sends the link once and keeps no usable copy of it", async () => {
    const venue = await setupEveningScenario(db());
    const { token, tokenHash } = newLinkToken();
    const link = `https://maitre.example/invite/${token}`;
    const sent: TMail[] = [];
    // The SMTP boundary: what nodemailer would have been handed.
    const smtp: TMailTransport = {
      name: "smtp",
      sendsInsideTransaction: false,
      send: async (mail) => void sent.push(mail),
    };
    const { notificationId } = await db().transaction((tx) =>
      enqueueStaffEmail(tx, {
        transport: smtp,
        kind: "staff_invite",
        restaurantId: venue.restaurantId,
        rowId: "00000000-0000-4000-8000-000000000001",
        tokenHash,
        recipient: "new.host@example.test",
        mail: { subject: "Join us", text: `Accept: ${link}\n`, html: `<a href="${link}">Accept</a>` },
      }),
    );
    const deliver = () =>
      deliverStaffEmail({ db: db(), transport: smtp, mailFrom: "Maitre <m@example.test>", notificationId });

    expect(await deliver()).toBe("sent");
    expect(await deliver()).toBe("already_sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain(link);
    const kept = await db()
      .kysely.selectFrom("notifications")
      .select(["status", "body_text", "body_html"])
      .where("id", "=", notificationId)
      .executeTakeFirstOrThrow();
    expect(kept.status).toBe("sent");
    expect(`${kept.body_text}${kept.body_html}`).not.toContain(token);
    expect(kept.body_text).toContain("Accept: https://maitre.example/invite/[link sent by email, not kept]");
  });
});

it("redacts every invitation and password-reset link and nothing else", () => {
  const gone = "/invite/[link sent by email, not kept]";
  expect(redactLinkTokens("a /invite/abc_DEF-123 b /invite/x9 /invites/list")).toBe(
    `a ${gone} b ${gone} /invites/list`,
  );
  expect(redactLinkTokens("c https://m.example/reset-password/Zz_9-a d /reset-passwords")).toBe(
    "c https://m.example/reset-password/[link sent by email, not kept] d /reset-passwords",
  );
});
