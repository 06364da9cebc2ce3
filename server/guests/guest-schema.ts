import { z } from "zod";
import { BOOKING_STATUSES } from "@/server/infra/db/schema";
import { zText } from "@/server/validation/z-text";

/**
 * The guests API (/api/ops/restaurants/{id}/guests…): a guest record per email / phone per restaurant, built from
 * bookings by the database (maitre_resolve_guest). Universal (zod only): the dashboard parses with these schemas.
 */

/** Tags the UI offers first; any other short tag is allowed too. */
export const SUGGESTED_GUEST_TAGS = ["VIP", "Allergy", "Regular", "Birthday", "Accessibility"] as const;
export const MAX_GUEST_TAGS = 12;
export const MAX_GUEST_TAG_LENGTH = 32;
export const MAX_GUEST_NOTES_LENGTH = 2000;
export const GUEST_PAGE_SIZE = 25;
export const MAX_GUEST_PAGE_SIZE = 100;
/** What an erased guest's bookings are called. */
export const ERASED_GUEST_NAME = "Erased guest";

/**
 * A tag as stored: a suggested tag in its own spelling whatever the case typed ("vip" → "VIP"), else the text
 * trimmed with inner spaces collapsed.
 */
export function canonicalTag(tag: string): string {
  const text = tag.trim().replace(/\s+/g, " ");
  return SUGGESTED_GUEST_TAGS.find((s) => s.toLowerCase() === text.toLowerCase()) ?? text;
}

/** Tags in order, canonical, without repeats (case-insensitive). */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = canonicalTag(raw);
    const key = tag.toLowerCase();
    if (tag === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Does the guest carry a tag a host must see at the table (VIP, allergy, accessibility)? */
export function isAlertTag(tag: string): boolean {
  return ["vip", "allergy", "accessibility"].includes(tag.toLowerCase());
}

const ZInstant = z.iso.datetime();

/** Counts of a guest's bookings: visits = completed or checked in. */
export const ZGuestCountsSchema = z.object({
  visits: z.int(),
  noShows: z.int(),
  cancellations: z.int(),
});

export const ZGuestSummarySchema = ZGuestCountsSchema.extend({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  /** Start of the latest visit (completed or checked in). */
  lastVisitAt: ZInstant.nullable(),
  /** The next booking from now on that is not cancelled or a no-show. */
  upcoming: z.object({ bookingId: z.uuid(), startsAt: ZInstant, partySize: z.int() }).nullable(),
  erasedAt: ZInstant.nullable(),
  updatedAt: ZInstant,
});
export type TGuestSummary = z.infer<typeof ZGuestSummarySchema>;

export const ZListGuestsQuerySchema = z.object({
  /** Case-insensitive substring of name or email, or digits of the phone. */
  q: zText({ min: 0, max: 200 }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_GUEST_PAGE_SIZE).default(GUEST_PAGE_SIZE),
});
export type TListGuestsQuery = z.infer<typeof ZListGuestsQuerySchema>;

export const ZGuestListResponseSchema = z.object({
  items: z.array(ZGuestSummarySchema),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TGuestListResponse = z.infer<typeof ZGuestListResponseSchema>;

export const ZGuestBookingSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(BOOKING_STATUSES),
  startsAt: ZInstant,
  endsAt: ZInstant,
  partySize: z.int(),
  source: z.string(),
  guestName: z.string(),
  notes: z.string().nullable(),
});
export type TGuestBooking = z.infer<typeof ZGuestBookingSchema>;

/** GET …/guests/{guestId}: the guest and their bookings, newest first. */
export const ZGuestDetailSchema = ZGuestSummarySchema.extend({ bookings: z.array(ZGuestBookingSchema) });
export type TGuestDetail = z.infer<typeof ZGuestDetailSchema>;

/**
 * PATCH …/guests/{guestId}: the body's shape (a malformed body is 400). Its values are checked by
 * ZGuestUpdateValuesSchema in the use case: a well-formed body with unacceptable values is 422 GUEST_INVALID.
 */
export const ZGuestUpdateRequestSchema = z
  .object({
    notes: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    /** The guest's `updatedAt` as the editor loaded it: a save over someone else's change is 409 STALE. */
    expectedUpdatedAt: ZInstant.optional(),
  })
  .strict();
export type TGuestUpdateRequest = z.infer<typeof ZGuestUpdateRequestSchema>;

const zTag = zText({ min: 1, max: MAX_GUEST_TAG_LENGTH }).refine((tag) => !/[,;]/.test(tag), {
  message: "must not contain commas or semicolons (one tag per entry)",
});

export const ZGuestUpdateValuesSchema = z
  .object({
    notes: zText({ min: 0, max: MAX_GUEST_NOTES_LENGTH, multiline: true })
      .nullable()
      .optional()
      .transform((notes) => (notes === "" ? null : notes)),
    tags: z
      .array(zTag)
      .max(MAX_GUEST_TAGS, { message: `at most ${MAX_GUEST_TAGS} tags` })
      .optional(),
  })
  .refine((body) => body.notes !== undefined || body.tags !== undefined, {
    message: "send notes, tags or both",
  });

/** POST …/guests/merge: the duplicates (sources) become part of the target. */
export const ZMergeGuestsRequestSchema = z
  .object({
    sourceGuestIds: z.array(z.uuid()).min(1).max(20),
    targetGuestId: z.uuid(),
  })
  .refine((body) => !body.sourceGuestIds.includes(body.targetGuestId), {
    path: ["sourceGuestIds"],
    message: "must not contain the target",
  })
  .refine((body) => new Set(body.sourceGuestIds).size === body.sourceGuestIds.length, {
    path: ["sourceGuestIds"],
    message: "must not repeat a guest",
  });
export type TMergeGuestsRequest = z.infer<typeof ZMergeGuestsRequestSchema>;

export const ZMergeGuestsResponseSchema = z.object({
  guest: ZGuestDetailSchema,
  mergedGuestIds: z.array(z.uuid()),
  movedBookings: z.int(),
});
export type TMergeGuestsResponse = z.infer<typeof ZMergeGuestsResponseSchema>;

/** GET …/guests/{guestId}/export: everything the restaurant holds about the guest. */
export const ZGuestExportSchema = z.object({
  exportedAt: ZInstant,
  restaurant: z.object({ id: z.uuid(), name: z.string() }),
  guest: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    erasedAt: ZInstant.nullable(),
    /** Duplicate records merged into this one (they keep their email / phone for matching). */
    mergedRecords: z.array(
      z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    ),
  }),
  bookings: z.array(
    ZGuestBookingSchema.extend({
      guestEmail: z.string().nullable(),
      guestPhone: z.string().nullable(),
      tags: z.array(z.string()),
      createdAt: ZInstant,
    }),
  ),
});
export type TGuestExport = z.infer<typeof ZGuestExportSchema>;

export const ZEraseGuestResponseSchema = z.object({
  id: z.uuid(),
  erasedAt: ZInstant,
  erasedBookings: z.int(),
});
export type TEraseGuestResponse = z.infer<typeof ZEraseGuestResponseSchema>;

/** What the timeline and the booking drawer show of a booking's guest. */
export const ZBookingGuestSchema = ZGuestCountsSchema.extend({
  id: z.uuid(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
});
export type TBookingGuest = z.infer<typeof ZBookingGuestSchema>;
