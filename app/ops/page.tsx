import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { findSignedInStaff } from "@/server/http/staff-auth";

export const dynamic = "force-dynamic";

// The ops home: who is signed in and where they work. The dashboard itself (timeline, floor plan…) comes later.
export default async function OpsPage() {
  const staff = await findSignedInStaff(await cookies());
  if (!staff) redirect("/login");
  return (
    <main>
      <h1>Ops</h1>
      <p>
        Signed in as <strong>{staff.name}</strong> (<code>{staff.email}</code>).
      </p>
      <p>The ops dashboard (timeline, floor plan, availability, review queue) arrives with a later issue.</p>
      <h2>Your restaurants</h2>
      {staff.memberships.length === 0 ? (
        <p>You are not a member of any restaurant yet; ask an owner to add you.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Restaurant</th>
              <th scope="col">Time zone</th>
              <th scope="col">Your role</th>
            </tr>
          </thead>
          <tbody>
            {staff.memberships.map((m) => (
              <tr key={m.restaurantId}>
                <td>{m.name}</td>
                <td>{m.timezone}</td>
                <td>{m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <SignOutButton />
      </div>
    </main>
  );
}
