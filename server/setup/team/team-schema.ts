import { z } from "zod";
import { zText } from "@/server/validation/z-text";

/**
 * The team routes (/api/ops/restaurants/{id}/team, …/invites) and the public invitation routes (/api/invites/…):
 * what the browser sends and what comes back. Universal: the Team page and the invitation page parse with them.
 */

export const STAFF_ROLES = ["owner", "manager", "host"] as const;
export const ZStaffRoleSchema = z.enum(STAFF_ROLES, { message: "must be owner, manager or host" });

/** How long an invitation link works. */
export const INVITE_LIFETIME_DAYS = 7;

export const ZTeamMemberSchema = z.object({
  staffUserId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: ZStaffRoleSchema,
  since: z.iso.datetime(),
});
export type TTeamMember = z.infer<typeof ZTeamMemberSchema>;

/** A pending invitation (not accepted, not revoked); `expired` once its 7 days are over (resend to renew). */
export const ZTeamInviteSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: ZStaffRoleSchema,
  invitedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  expired: z.boolean(),
});
export type TTeamInvite = z.infer<typeof ZTeamInviteSchema>;

export const ZTeamResponseSchema = z.object({
  members: z.array(ZTeamMemberSchema),
  invites: z.array(ZTeamInviteSchema),
});
export type TTeamResponse = z.infer<typeof ZTeamResponseSchema>;

export const ZInviteRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { message: "must be at most 254 characters" })
    .pipe(z.email({ message: "must be an email address such as sam@example.com" })),
  role: ZStaffRoleSchema,
});
export type TInviteRequest = z.infer<typeof ZInviteRequestSchema>;

export const ZInviteResponseSchema = z.object({ invite: ZTeamInviteSchema });

export const ZChangeRoleRequestSchema = z.object({ role: ZStaffRoleSchema });
export type TChangeRoleRequest = z.infer<typeof ZChangeRoleRequestSchema>;

export const ZMemberResponseSchema = z.object({ member: ZTeamMemberSchema });
export const ZRemovedMemberResponseSchema = z.object({ removed: z.object({ staffUserId: z.uuid() }) });

/** DELETE /api/ops/restaurants/{id}/team/{staffId}/sessions: how many of the member's sessions were live. */
export const ZSignedOutMemberResponseSchema = z.object({
  signedOut: z.object({ staffUserId: z.uuid(), endedSessions: z.number().int().min(0) }),
});

/** GET /api/invites/{token}: what the invitation page shows (the token holder already knows the email). */
export const ZInvitePreviewSchema = z.object({
  restaurantName: z.string(),
  role: ZStaffRoleSchema,
  email: z.string(),
  expiresAt: z.iso.datetime(),
  /** Whether that email already has a Maitre account: then the page asks for its password, not a new one. */
  hasAccount: z.boolean(),
});
export type TInvitePreview = z.infer<typeof ZInvitePreviewSchema>;

export const MIN_PASSWORD_LENGTH = 10;

/** POST /api/invites/{token}/accept: a new account's name and password, or an existing account's password. */
export const ZAcceptInviteRequestSchema = z.object({
  name: zText({ max: 100 }).optional(),
  password: z.string().min(1, { message: "is required" }).max(200, { message: "must be at most 200 characters" }),
});
export type TAcceptInviteRequest = z.infer<typeof ZAcceptInviteRequestSchema>;

export const ZAcceptedInviteResponseSchema = z.object({
  restaurant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  role: ZStaffRoleSchema,
});
export type TAcceptedInviteResponse = z.infer<typeof ZAcceptedInviteResponseSchema>;

/** How long a password-reset link works. */
export const PASSWORD_RESET_LIFETIME_HOURS = 24;

/** POST /api/ops/restaurants/{id}/team/{staffId}/password-reset: to whom the link went, and until when it works. */
export const ZPasswordResetSentResponseSchema = z.object({
  passwordReset: z.object({ staffUserId: z.uuid(), email: z.string(), expiresAt: z.iso.datetime() }),
});
export type TPasswordResetSent = z.infer<typeof ZPasswordResetSentResponseSchema>["passwordReset"];

/** GET /api/password-resets/{token}: what the page shows the link's holder (whose account, sent by which team). */
export const ZPasswordResetPreviewSchema = z.object({
  email: z.string(),
  name: z.string(),
  restaurantName: z.string(),
  /** The restaurant's IANA time zone, to say until when the link works in local time. */
  timezone: z.string(),
  expiresAt: z.iso.datetime(),
});
export type TPasswordResetPreview = z.infer<typeof ZPasswordResetPreviewSchema>;

/** POST /api/password-resets/{token}/complete: the new password. */
export const ZChooseNewPasswordRequestSchema = z.object({
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(200, { message: "must be at most 200 characters" }),
});
export type TChooseNewPasswordRequest = z.infer<typeof ZChooseNewPasswordRequestSchema>;

/** The password is changed and the caller signed in (cookie); every other session of theirs ended. */
export const ZPasswordChangedResponseSchema = z.object({
  restaurant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  endedSessions: z.number().int().min(0),
});
export type TPasswordChangedResponse = z.infer<typeof ZPasswordChangedResponseSchema>;
