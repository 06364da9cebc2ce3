"use client";

/** Placeholder: "New booking" (walk-in or phone, with "seat now"), a dialog (components/walk-in). */
export function WalkInButton() {
  return null;
}
