"use client";

/** Placeholder: "Assign all" for the day, with live progress and a summary (components/assign-all). */
export function AssignAllButton() {
  return null;
}
