import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type ReactNode, Suspense } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { OpsSessionProvider } from "@/components/ops/ops-session";
import { OpsShell } from "@/components/ops/ops-shell";
import { QueryProvider } from "@/components/ui/query-provider";
import { findSignedInStaff } from "@/server/http/staff-auth";

export const dynamic = "force-dynamic";

// Every ops view: signed-in staff only (else /login), inside the shell (top bar, navigation, booking drawer).
export default async function OpsLayout({ children }: { children: ReactNode }) {
  const staff = await findSignedInStaff(await cookies());
  if (!staff) redirect("/login");
  if (staff.memberships.length === 0) {
    return (
      <main className="doc-page">
        <h1>No restaurant yet</h1>
        <p>
          You are signed in as <strong>{staff.name}</strong>, but you are not a member of any restaurant yet. Ask an
          owner to invite you (the invitation email has a link to join), or start your own restaurant.
        </p>
        <p>
          <a href="/restaurants/new" className="font-semibold text-blue-800 underline">
            Create a restaurant
          </a>
        </p>
        <SignOutButton />
      </main>
    );
  }
  const session = { id: staff.id, name: staff.name, email: staff.email, memberships: staff.memberships };
  return (
    <QueryProvider>
      <OpsSessionProvider staff={session}>
        <Suspense>
          <OpsShell>{children}</OpsShell>
        </Suspense>
      </OpsSessionProvider>
    </QueryProvider>
  );
}
