import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizePhone } from "./normalize-phone";

describe("normalizePhone (same definition as maitre_normalize_phone in SQL)", () => {
  it.each([
    ["+44 20 7946 0018", "+442079460018"],
    ["  +44 (0)20-7946.0018 ", "+4402079460018"],
    ["020 7946 0018", "02079460018"],
    ["0044 20 7946 0018", "00442079460018"],
    ["(555) 123-4567", "5551234567"],
    ["1234", "1234"],
    ["+1234", "+1234"],
    ["12 + 34", "1234"],
  ])("%j → %j", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([[null], [undefined], [""], ["   "], ["no phone"], ["123"], ["+"], ["1".repeat(21)]])(
    "%j is no phone (null)",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it("keeps 20 digits, the longest number accepted", () => {
    expect(normalizePhone(`+${"9".repeat(20)}`)).toBe(`+${"9".repeat(20)}`);
  });
});

describe("normalizeEmail", () => {
  it("trims and lower-cases; empty is none", () => {
    expect(normalizeEmail("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
    expect(normalizeEmail("   ")).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});
