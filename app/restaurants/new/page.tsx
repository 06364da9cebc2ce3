import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NewRestaurantForm } from "@/components/setup/new-restaurant/new-restaurant-form";
import { findSignedInStaff } from "@/server/http/staff-auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New restaurant · Maitre" };

// Create a restaurant: for an owner of any restaurant, or staff with no restaurant yet (outside /ops, whose
// layout needs a membership). Signed out: /login.
export default async function NewRestaurantPage() {
  const staff = await findSignedInStaff(await cookies());
  if (!staff) redirect("/login");
  const mayCreate = staff.memberships.length === 0 || staff.memberships.some((m) => m.role === "owner");
  return (
    <main className="doc-page">
      <h1>New restaurant</h1>
      {mayCreate ? (
        <>
          <p>You become its owner: you can then draw its room, set its hours and invite your team.</p>
          <NewRestaurantForm />
        </>
      ) : (
        <p>Only an owner can create a restaurant. Ask an owner of your restaurant to create it and invite you.</p>
      )}
      <p className="mt-6">
        <a href="/ops" className="text-blue-800 underline">
          Back to Maitre
        </a>
      </p>
    </main>
  );
}
