import { z } from "zod";

/**
 * POST /api/auth/session. The password's length is capped so nobody can make the server hash megabytes; the email
 * is compared lower-case, as staff_users stores it.
 */
export const ZSignInRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(254)
    .regex(/^[^@\s]+@[^@\s]+$/, "must be an email address"),
  password: z.string().min(1).max(1024),
});

export type TSignInRequest = z.infer<typeof ZSignInRequestSchema>;
