import { z } from "zod";
import { zText } from "@/server/validation/z-text";

/**
 * Creating a restaurant (POST /api/ops/restaurants) and listing one's own (GET): what the browser sends and what
 * comes back. Universal (no Node imports): the create page parses with the same schemas and suggests the slug.
 */

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether `timeZone` is an IANA zone this runtime knows (Intl refuses unknown ones). "UTC" and "Etc/…" too. */
export function isIanaTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A web address from a name: "Café de l'Été" → "cafe-de-l-ete" (lower case ASCII, hyphens, at most 60). */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** The languages and currencies the create page offers (the API takes any well-formed tag / ISO 4217 code). */
export const RESTAURANT_LOCALES = [
  { value: "en-GB", label: "English (UK)" },
  { value: "en-US", label: "English (US)" },
  { value: "fr-FR", label: "Français" },
  { value: "de-DE", label: "Deutsch" },
  { value: "es-ES", label: "Español" },
  { value: "it-IT", label: "Italiano" },
  { value: "nl-NL", label: "Nederlands" },
  { value: "pt-PT", label: "Português" },
] as const;
export const RESTAURANT_CURRENCIES = ["GBP", "EUR", "USD", "CHF", "SEK", "DKK", "NOK", "PLN", "CZK", "AUD", "CAD"];

export const ZCreateRestaurantRequestSchema = z.object({
  name: zText({ min: 1, max: 100 }),
  slug: z
    .string()
    .trim()
    .min(2, { message: "must be at least 2 characters" })
    .max(60, { message: "must be at most 60 characters" })
    .regex(SLUG_PATTERN, { message: "only lower-case letters, digits and single hyphens (e.g. chez-marie)" }),
  timezone: z.string().refine(isIanaTimeZone, { message: "must be an IANA time zone such as Europe/London" }),
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: "must be a language tag such as en-GB" })
    .default("en-GB"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: "must be a three-letter ISO 4217 code such as GBP" })
    .default("GBP"),
});
export type TCreateRestaurantRequest = z.infer<typeof ZCreateRestaurantRequestSchema>;

export const ZRestaurantSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  locale: z.string(),
  currency: z.string(),
  role: z.enum(["owner", "manager", "host"]),
});
export type TRestaurantSummary = z.infer<typeof ZRestaurantSummarySchema>;

export const ZCreatedRestaurantResponseSchema = z.object({
  restaurant: ZRestaurantSummarySchema.extend({ zones: z.array(z.object({ id: z.uuid(), name: z.string() })) }),
});
export type TCreatedRestaurantResponse = z.infer<typeof ZCreatedRestaurantResponseSchema>;

export const ZMyRestaurantsResponseSchema = z.object({ items: z.array(ZRestaurantSummarySchema) });
export type TMyRestaurantsResponse = z.infer<typeof ZMyRestaurantsResponseSchema>;
