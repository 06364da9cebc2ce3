import { randomInt } from "node:crypto";

/** Crockford-style alphabet: no I, L, O, U, 0 or 1, so a reference read out over the phone is unambiguous. */
const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
export const BOOKING_REFERENCE_LENGTH = 8;

/** A random booking reference such as `K7QW2MZP` (30^8 ≈ 6.6e11 values; the unique index catches the rare clash). */
export function generateBookingReference(): string {
  let reference = "";
  for (let i = 0; i < BOOKING_REFERENCE_LENGTH; i++) reference += ALPHABET[randomInt(ALPHABET.length)];
  return reference;
}
