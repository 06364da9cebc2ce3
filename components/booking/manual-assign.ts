import { z } from "zod";
import {
  type TManualCheck,
  ZManualCheckSchema,
  ZManualContextResponseSchema,
  ZManualHoldResponseSchema,
  ZManualValidateResponseSchema,
  ZReleasedHoldResponseSchema,
} from "@/server/assignment/manual-selection-schema";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { ApiProblem, apiFetch, newIdempotencyKey } from "../ui/api-fetch";

/**
 * The manual flow's API calls (/api/staff/manual), shared by every place staff pick tables: a timeline drop or
 * keyboard move, the floor plan's combine mode, the drawer's table change. The server decides every check; these
 * only call it and surface its verdict.
 */

/** Every check of a selection, whatever the verdict (200). */
export function validateSelection(input: { bookingId: string; tableIds: string[]; contextVersion?: string }) {
  return apiFetch("/api/staff/manual/validate", ZManualValidateResponseSchema, { method: "POST", body: input });
}

/** Hold the tables for the booking (201), or an ApiProblem whose `body.checks` lists the failing checks. */
export function holdSelection(input: {
  bookingId: string;
  tableIds: string[];
  contextVersion?: string;
  holdTtlSeconds?: number;
  override?: { reason: string };
}) {
  return apiFetch("/api/staff/manual/hold", ZManualHoldResponseSchema, { method: "POST", body: input });
}

/** Make a hold the booking's tables; `idempotencyKey` lets a retried click confirm once. */
export function confirmHold(input: { bookingId: string; holdId: string }, idempotencyKey = newIdempotencyKey()) {
  return apiFetch("/api/staff/manual/confirm", ZStaffBookingSchema, { method: "POST", body: input, idempotencyKey });
}

/** Give a hold's tables back (cancel in the middle of the flow). */
export function releaseHold(holdId: string) {
  return apiFetch(`/api/staff/manual/hold/${holdId}`, ZReleasedHoldResponseSchema, { method: "DELETE" });
}

/** Every table's state over the booking's window, its current tables and hold, and the contextVersion. */
export function readManualContext(bookingId: string, signal?: AbortSignal) {
  return apiFetch(`/api/staff/manual/context?${new URLSearchParams({ bookingId })}`, ZManualContextResponseSchema, {
    signal,
  });
}

/**
 * A drop or a keyboard move: hold the tables and confirm at once (two calls; the hold makes the pair safe against
 * a colleague picking the same tables in between). A refusal throws the ApiProblem with its checks.
 */
export async function assignTables(input: { bookingId: string; tableIds: string[]; override?: { reason: string } }) {
  const { hold } = await holdSelection(input);
  try {
    return await confirmHold({ bookingId: input.bookingId, holdId: hold.id });
  } catch (error) {
    await releaseHold(hold.id).catch(() => undefined);
    throw error;
  }
}

const ZChecks = z.array(ZManualCheckSchema.pick({ name: true, pass: true, message: true, hint: true }));

/** The failing checks a refusal carries (hold and validate problems carry `checks`), for an inline explanation. */
export function failingChecksOf(error: unknown): Array<Pick<TManualCheck, "name" | "message" | "hint">> {
  if (!(error instanceof ApiProblem)) return [];
  const parsed = ZChecks.safeParse(error.body.checks);
  return parsed.success ? parsed.data.filter((c) => !c.pass) : [];
}
