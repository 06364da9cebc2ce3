import { DomainError } from "@/server/errors/domain-error";
import type { Tx } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";

/**
 * Inside a team-changing transaction: locks the restaurant's row (so two concurrent demotions or removals of
 * owners run one after the other: the second sees the first's result) and returns the target member's role.
 * A staff id that is not a member (or not an id): NOT_FOUND.
 */
export async function lockTeamMember(
  tx: Tx,
  { restaurantId, staffUserId }: { restaurantId: string; staffUserId: string },
): Promise<{ role: StaffRole; ownerCount: number }> {
  await tx.selectFrom("restaurants").select("id").where("id", "=", restaurantId).forUpdate().executeTakeFirst();
  const target = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(staffUserId)
    ? await tx
        .selectFrom("restaurant_memberships")
        .select("role")
        .where("restaurant_id", "=", restaurantId)
        .where("staff_user_id", "=", staffUserId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!target) {
    throw new DomainError("NOT_FOUND", `staff member ${staffUserId} is not on this team`, {
      hint: "Reload the Team page and pick a member from the list",
    });
  }
  const owners = await tx
    .selectFrom("restaurant_memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("restaurant_id", "=", restaurantId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return { role: target.role, ownerCount: Number(owners.n) };
}

export function lastOwnerRefusal(staffUserId: string, what: "removed" | "demoted"): DomainError {
  return new DomainError("LAST_OWNER", `the restaurant's last owner cannot be ${what}`, {
    hint:
      what === "removed"
        ? "Make another member an owner first, then remove this one"
        : "Make another member an owner first, then change this role",
    meta: { staffUserId },
  });
}
