import { z } from "zod";
import { zText } from "@/server/validation/z-text";

/**
 * The API-key management routes (/api/ops/restaurants/{id}/api-keys): what a manager sends and what comes back.
 * Universal (no Node imports) so the dashboard can parse with the same schemas and list the scopes.
 */

/** Every scope a booking client's key may carry; authenticateApiKey's TApiScope (a test keeps the two equal). */
export const API_KEY_SCOPES = ["bookings:read", "bookings:write", "availability:read"] as const;
export type TApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ZCreateApiKeyRequestSchema = z.object({
  /** Who the key is for ("Website widget", "OpenTable bridge"): shown in the list, never secret. */
  name: zText({ min: 1, max: 100 }),
  /** Defaults to every booking-client scope. */
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { message: `must be one of ${API_KEY_SCOPES.join(", ")}` }))
    .min(1, { message: "must name at least one scope (or leave scopes out for all of them)" })
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: "must not repeat a scope" })
    .optional(),
});
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequestSchema>;

/** A key as the list shows it: its prefix (the `mt_xxxxxxxx` the key starts with), never the key or its hash. */
export const ZApiKeyItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TApiKeyItem = z.infer<typeof ZApiKeyItemSchema>;

/** GET: every key of the restaurant, revoked ones included (newest first), so a manager sees what was revoked when. */
export const ZApiKeyListResponseSchema = z.object({ items: z.array(ZApiKeyItemSchema) });
export type TApiKeyListResponse = z.infer<typeof ZApiKeyListResponseSchema>;

/** POST's 201: the only response that ever carries the key; it cannot be shown again (only its hash is kept). */
export const ZCreatedApiKeyResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  key: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type TCreatedApiKeyResponse = z.infer<typeof ZCreatedApiKeyResponseSchema>;

/** DELETE's 200: the revoked key's metadata (revokedAt set; the same on every repeat of the call). */
export const ZRevokedApiKeyResponseSchema = ZApiKeyItemSchema;
