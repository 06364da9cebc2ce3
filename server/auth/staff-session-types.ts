import type { StaffRole } from "@/server/infra/db/schema";

export type TStaffMembership = {
  restaurantId: string;
  slug: string;
  name: string;
  timezone: string;
  role: StaffRole;
};

/** A signed-in member of staff, as staff routes receive them: who, which session, and where they may work. */
export type TStaffActor = {
  type: "staff";
  id: string;
  email: string;
  name: string;
  sessionId: string;
  memberships: TStaffMembership[];
};

/** How long a staff session lasts: one service and then some. Signing in again starts a new one. */
export const STAFF_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export const SIGN_IN_HINT = "Sign in again at /login (sessions end after 12 hours or when you sign out)";

/** Each role may do everything the roles below it may. Universal: the dashboard hides what a role may not use. */
export const STAFF_ROLE_RANK: Readonly<Record<StaffRole, number>> = { host: 1, manager: 2, owner: 3 };
