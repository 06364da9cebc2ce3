import { notFound } from "next/navigation";
import { listDevOutbox } from "@/server/notifications/list-dev-outbox";
import { getRuntime } from "@/server/runtime/get-runtime";

export const dynamic = "force-dynamic";

// The dev outbox: guest emails as the embedded shape "sends" them (no SMTP configured). Hidden in production.
export default async function DevMailPage() {
  const runtime = await getRuntime();
  if (runtime.env.NODE_ENV === "production" || runtime.mail.name !== "outbox") notFound();
  const mails = await listDevOutbox({ db: runtime.db });
  return (
    <main className="doc-page">
      <h1>Dev outbox</h1>
      <p>
        {mails.length} most recent guest emails. Each is sent once per booking and kind (the dedupe key), however often
        its job runs.
      </p>
      {mails.map((mail) => (
        <article key={mail.id} style={{ borderTop: "1px solid #8884", padding: "0.75rem 0" }}>
          <strong>{mail.subject}</strong>
          <div>
            to <code>{mail.recipient}</code> · {mail.restaurant} · {mail.kind.replaceAll("_", " ")} · {mail.status}
            {mail.sentAt ? ` ${mail.sentAt.toISOString()}` : ""}
          </div>
          <pre style={{ whiteSpace: "pre-wrap" }}>{mail.bodyText}</pre>
        </article>
      ))}
    </main>
  );
}
