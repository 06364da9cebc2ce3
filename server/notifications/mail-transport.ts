export type TMail = { from: string; to: string; subject: string; text: string; html: string; messageId: string };

/**
 * Where guest emails go. `outbox` keeps them in the notifications table only (embedded/dev: the /ops/dev/mail
 * page lists them); `smtp` hands them to an SMTP server through nodemailer. `sendsInsideTransaction` says
 * whether sending is part of the database transaction (outbox: exactly once by construction).
 */
export type TMailTransport = {
  name: "outbox" | "smtp";
  sendsInsideTransaction: boolean;
  send(mail: TMail): Promise<void>;
};

export function createOutboxTransport(): TMailTransport {
  return { name: "outbox", sendsInsideTransaction: true, send: async () => {} };
}

export async function createSmtpTransport({ url }: { url: string }): Promise<TMailTransport> {
  const nodemailer = await import("nodemailer");
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    sendsInsideTransaction: false,
    send: async (mail) => {
      // A stable Message-ID derived from the dedupe key lets receiving servers drop a duplicate if a crash
      // between SMTP acceptance and our commit makes us send again.
      await transporter.sendMail({ ...mail, messageId: mail.messageId });
    },
  };
}
