/**
 * THE phone normalisation of guest matching — the same definition as `maitre_normalize_phone` in
 * supabase/migrations/20261201000500_guest_matching.sql (the trigger that links bookings to guests); keep both in
 * step (normalize-phone.test.ts pins the cases). Keep the digits, and a leading `+` when the trimmed number starts
 * with one; drop everything else (spaces, dashes, dots, brackets). A result outside `^\+?[0-9]{4,20}$` is no phone:
 * null. No country inference: "020 7946 0000" and "+44 20 7946 0000" are two numbers (staff merge such guests).
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const digits = `${phone.trim().startsWith("+") ? "+" : ""}${phone.replace(/[^0-9]/g, "")}`;
  return /^\+?[0-9]{4,20}$/.test(digits) ? digits : null;
}

/** Email as guests are matched on (`maitre_normalize_email`): trimmed, lower case; empty is none. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase() ?? "";
  return value === "" ? null : value;
}
