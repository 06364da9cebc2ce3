"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { TStaffMembership } from "@/server/auth/staff-session-types";

/** Who is signed in and where they work: read once by the ops layout on the server, shared by every ops view. */
export type TOpsStaff = { id: string; name: string; email: string; memberships: TStaffMembership[] };

const OpsSessionContext = createContext<TOpsStaff | null>(null);

export function OpsSessionProvider({ staff, children }: { staff: TOpsStaff; children: ReactNode }) {
  return <OpsSessionContext.Provider value={staff}>{children}</OpsSessionContext.Provider>;
}

export function useOpsStaff(): TOpsStaff {
  const staff = useContext(OpsSessionContext);
  if (!staff) throw new Error("useOpsStaff outside the ops layout");
  return staff;
}
