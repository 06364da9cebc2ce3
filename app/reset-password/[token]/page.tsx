import type { Metadata } from "next";
import { ChoosePasswordForm } from "@/components/setup/team/choose-password-form";
import { isDomainError } from "@/server/errors/domain-error";
import { getRuntime } from "@/server/runtime/get-runtime";
import { previewPasswordReset } from "@/server/setup/team/read-password-reset-by-token";
import type { TPasswordResetPreview } from "@/server/setup/team/team-schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Choose a new password · Maitre", referrer: "no-referrer" };

// A password-reset link: whose account, then the new password (twice). A used, replaced or expired link says so in
// words, with what to do next.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const runtime = await getRuntime();
  let reset: TPasswordResetPreview | null = null;
  let problem: { title: string; text: string } | null = null;
  try {
    reset = await previewPasswordReset(runtime.db.kysely, { token });
  } catch (error) {
    if (isDomainError(error, "NOT_FOUND")) {
      problem = { title: "This password reset link is not valid", text: error.hint };
    } else if (isDomainError(error, "PASSWORD_RESET_UNUSABLE")) {
      problem = { title: error.message, text: error.hint };
    } else throw error;
  }
  const until = reset
    ? new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: reset.timezone }).format(
        new Date(reset.expiresAt),
      )
    : "";
  return (
    <main className="doc-page">
      {reset ? (
        <>
          <h1>Choose a new password</h1>
          <p>
            For <strong>{reset.name}</strong> ({reset.email}), sent by a manager of{" "}
            <strong>{reset.restaurantName}</strong>. The link works once, until {until}.
          </p>
          <p>Saving signs you out of Maitre on every other device.</p>
          <ChoosePasswordForm token={token} />
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
