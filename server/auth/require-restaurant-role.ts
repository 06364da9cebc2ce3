import { DomainError } from "@/server/errors/domain-error";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TStaffActor, TStaffMembership } from "./staff-session-types";
import { STAFF_ROLE_RANK } from "./staff-session-types";

export { STAFF_ROLE_RANK };

/** What a restaurant that does not exist answers, so a non-member cannot tell a foreign restaurant from none. */
export function restaurantNotFound(restaurantId: string): DomainError {
  return new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`, {
    hint: "Check the restaurant; you see only the restaurants you are a member of",
  });
}

/**
 * The actor's membership of `restaurantId` with at least the role `needed` (a role, or the lowest of a list).
 * Not a member: NOT_FOUND, exactly as for a restaurant that does not exist. A member whose role is too low:
 * FORBIDDEN naming the role needed (`role`) and the roles allowed (`roles`).
 */
export function requireRestaurantRole(
  actor: Pick<TStaffActor, "memberships">,
  restaurantId: string,
  needed: StaffRole | readonly StaffRole[],
): TStaffMembership {
  const roles: readonly StaffRole[] = typeof needed === "string" ? [needed] : needed;
  if (roles.length === 0) throw new Error("requireRestaurantRole needs at least one role");
  const lowest = roles.reduce((a, b) => (STAFF_ROLE_RANK[b] < STAFF_ROLE_RANK[a] ? b : a));
  const membership = actor.memberships.find((m) => m.restaurantId === restaurantId);
  if (!membership) throw restaurantNotFound(restaurantId);
  if (STAFF_ROLE_RANK[membership.role] < STAFF_ROLE_RANK[lowest]) {
    const allowed = (Object.keys(STAFF_ROLE_RANK) as StaffRole[]).filter(
      (r) => STAFF_ROLE_RANK[r] >= STAFF_ROLE_RANK[lowest],
    );
    throw new DomainError("FORBIDDEN", `this needs the ${lowest} role (or higher); you are ${membership.role}`, {
      hint: `Ask an owner of ${membership.name} to do this, or to make you ${lowest}`,
      meta: { role: lowest, roles: allowed },
    });
  }
  return membership;
}
