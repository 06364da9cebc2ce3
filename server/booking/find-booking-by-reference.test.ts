import { describe, expect, it } from "vitest";
import { isDomainError } from "@/server/errors/domain-error";
import { parseBookingReference } from "./find-booking-by-reference";

describe("parseBookingReference", () => {
  it("accepts references as generated, in either case, around spaces", () => {
    expect(parseBookingReference("K7QW2MZP")).toBe("K7QW2MZP");
    expect(parseBookingReference(" k7qw2mzp ")).toBe("K7QW2MZP");
  });

  it.each([
    ["2 KB of junk", "x".repeat(2048)],
    ["unicode", "ÄÖÜ☃💥"],
    ["a letter that upper-cases to ASCII", "straße12"],
    ["SQL-looking text", "' OR 1=1;--"],
    ["too short", "ABC"],
    ["missing", undefined],
    ["repeated", ["K7QW2MZP", "K7QW2MZP"]],
  ])("refuses %s with VALIDATION_FAILED, without echoing it", (_, raw) => {
    let caught: unknown;
    try {
      parseBookingReference(raw);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, "VALIDATION_FAILED")).toBe(true);
    const error = caught as Error & { errors?: unknown };
    expect(error.errors).toEqual([{ path: "params.reference", message: expect.any(String) }]);
    if (typeof raw === "string") expect(JSON.stringify([error.message, error.errors])).not.toContain(raw);
  });
});
