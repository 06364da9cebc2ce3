import { requireRestaurantRole } from "@/server/auth/require-restaurant-role";
import type { TStaffActor, TStaffMembership } from "@/server/auth/staff-session-types";
import type { StaffRole } from "@/server/infra/db/schema";

/**
 * Who may hand out which role: a manager or owner manages the team, a manager may invite and assign host and
 * manager; granting owner — or changing or removing an owner — needs an owner (FORBIDDEN naming the role).
 * Not a member: NOT_FOUND, as for any restaurant route.
 */
export function assertMayGrant(
  actor: Pick<TStaffActor, "memberships">,
  restaurantId: string,
  { grants, touches }: { grants?: StaffRole; touches?: StaffRole },
): TStaffMembership {
  const membership = requireRestaurantRole(actor, restaurantId, "manager");
  if (grants === "owner" || touches === "owner") return requireRestaurantRole(actor, restaurantId, "owner");
  return membership;
}
