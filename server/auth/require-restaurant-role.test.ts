import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors/domain-error";
import type { StaffRole } from "@/server/infra/db/schema";
import { requireRestaurantRole, restaurantNotFound } from "./require-restaurant-role";
import type { TStaffMembership } from "./staff-session-types";

const membership = (restaurantId: string, role: StaffRole): TStaffMembership => ({
  restaurantId,
  slug: restaurantId,
  name: `Restaurant ${restaurantId}`,
  timezone: "Europe/London",
  role,
});
const actor = {
  memberships: [membership("r-host", "host"), membership("r-manager", "manager"), membership("r-owner", "owner")],
};

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("requireRestaurantRole", () => {
  it.each([
    ["r-host", "host", true],
    ["r-host", "manager", false],
    ["r-host", "owner", false],
    ["r-manager", "host", true],
    ["r-manager", "manager", true],
    ["r-manager", "owner", false],
    ["r-owner", "host", true],
    ["r-owner", "manager", true],
    ["r-owner", "owner", true],
  ] as const)("%s needing %s: allowed %s (host < manager < owner)", (restaurantId, needed, allowed) => {
    if (allowed) {
      expect(requireRestaurantRole(actor, restaurantId, needed)).toMatchObject({ restaurantId });
    } else {
      expect(refusal(() => requireRestaurantRole(actor, restaurantId, needed)).code).toBe("FORBIDDEN");
    }
  });

  it("names the role needed and the roles allowed when the member's role is too low", () => {
    const error = refusal(() => requireRestaurantRole(actor, "r-host", "manager"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("manager");
    expect(error.hint).toContain("manager");
    expect(error.meta).toEqual({ role: "manager", roles: ["manager", "owner"] });
  });

  it("takes a list of roles as 'the lowest of them or higher'", () => {
    expect(requireRestaurantRole(actor, "r-manager", ["owner", "manager"])).toMatchObject({ role: "manager" });
    expect(refusal(() => requireRestaurantRole(actor, "r-host", ["manager", "owner"])).meta).toMatchObject({
      role: "manager",
    });
  });

  it("answers a restaurant the actor is not a member of exactly like one that does not exist (404)", () => {
    const foreign = refusal(() => requireRestaurantRole(actor, "r-foreign", "host"));
    const missing = restaurantNotFound("r-foreign");
    expect(foreign.code).toBe("NOT_FOUND");
    expect({ message: foreign.message, hint: foreign.hint, meta: foreign.meta }).toEqual({
      message: missing.message,
      hint: missing.hint,
      meta: missing.meta,
    });
    expect(refusal(() => requireRestaurantRole({ memberships: [] }, "r-owner", "host")).code).toBe("NOT_FOUND");
  });
});
