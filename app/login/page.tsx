import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { listDemoSignIn } from "@/server/demo/list-demo-sign-in";
import { findSignedInStaff } from "@/server/http/staff-auth";
import { getRuntime } from "@/server/runtime/get-runtime";
import { listVenueOverview } from "@/server/venue/list-venue-overview";

export const dynamic = "force-dynamic";

// Staff sign-in (local accounts). Already signed in: straight to the ops page.
export default async function LoginPage() {
  const staff = await findSignedInStaff(await cookies());
  if (staff) redirect("/ops");
  const runtime = await getRuntime();
  const production = runtime.env.NODE_ENV === "production";
  const demo = production
    ? null
    : listDemoSignIn({ production, slugs: (await listVenueOverview(runtime.db.kysely)).map((v) => v.slug) });
  return (
    <main className="doc-page">
      <h1>Sign in to Maitre</h1>
      <SignInForm />
      {runtime.env.authMode === "local" && (
        <p>
          Forgot your password? Ask a manager of your restaurant: on the Team page they can email you a link to choose a
          new one.
        </p>
      )}
      {demo && (
        <section aria-labelledby="demo-accounts">
          <h2 id="demo-accounts">Demo accounts</h2>
          <p>
            Password <code>{demo.password}</code> for every account (refused in production):
          </p>
          <ul>
            {demo.accounts.map((a) => (
              <li key={a.email}>
                <code>{a.email}</code> – {a.role} of every demo restaurant
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href="/">Home</a>
      </p>
    </main>
  );
}
