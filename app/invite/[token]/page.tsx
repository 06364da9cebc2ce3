import type { Metadata } from "next";
import { AcceptInviteForm } from "@/components/setup/team/accept-invite-form";
import { isDomainError } from "@/server/errors/domain-error";
import { getRuntime } from "@/server/runtime/get-runtime";
import { previewInvite } from "@/server/setup/team/preview-invite";
import type { TInvitePreview } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation · Maitre", referrer: "no-referrer" };

const ROLE_TEXT = { owner: "an owner", manager: "a manager", host: "a host" } as const;

// An invitation link: which restaurant and role; then a name and password (or the existing account's password).
// A used, withdrawn or expired link says so in words.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const runtime = await getRuntime();
  let invite: TInvitePreview | null = null;
  let problem: { title: string; text: string } | null = null;
  try {
    invite = await previewInvite(runtime.db.kysely, { token });
  } catch (error) {
    if (isDomainError(error, "NOT_FOUND")) {
      problem = { title: "This invitation link is not valid", text: error.hint };
    } else if (isDomainError(error, "INVITE_UNUSABLE")) {
      problem = { title: error.message, text: error.hint };
    } else throw error;
  }
  return (
    <main className="doc-page">
      {invite ? (
        <>
          <h1>Join {invite.restaurantName}</h1>
          <p>
            You are invited to join the team of <strong>{invite.restaurantName}</strong> on Maitre as{" "}
            <strong>{ROLE_TEXT[invite.role]}</strong>.
          </p>
          <AcceptInviteForm token={token} invite={invite} />
        </>
      ) : (
        <>
          <h1>{problem?.title}</h1>
          <p>{problem?.text}.</p>
          <p>
            <a href="/login" className="text-blue-800 underline">
              Sign in
            </a>
          </p>
        </>
      )}
    </main>
  );
}
