import { createHash } from "node:crypto";
import { type RawBuilder, sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";

/**
 * The `contextVersion` of GET /api/staff/manual/context: an opaque token that changes whenever anything a manual
 * choice of tables depends on changes. It is a hash (no counter to maintain, nothing written on reads) of:
 * - the restaurant's venue_version (bumped by triggers on tables, adjacency, zones and the planner policy);
 * - the booking's state_version, time window and party size;
 * - every live allocation (assignments and unexpired holds, of any booking, this one included) that overlaps the
 *   booking's window: id, table, booking, kind, window, expiry.
 * So a booking seated on a table, a hold taken, released or expiring, a table switched off, a policy edit or a
 * change to the booking all give a new version; changes elsewhere in the day do not. Guest names are not part of
 * it (they change nothing a check reads). Undefined when the booking does not exist.
 */
export async function computeContextVersion(db: Queryable, bookingId: string): Promise<string | undefined> {
  const { rows } = await sql<{
    fingerprint: string | null;
  }>`select ${contextFingerprint(bookingId)} as fingerprint`.execute(db);
  return contextVersionOf(rows[0]?.fingerprint);
}

/** The fingerprint as a scalar subquery, so another statement (the selection checks) can carry it along. */
export function contextFingerprint(bookingId: string): RawBuilder<string | null> {
  return sql<string | null>`(
    select concat_ws('|', r.venue_version, b.state_version, extract(epoch from b.starts_at), extract(epoch from b.ends_at),
      b.party_size, coalesce((
        select string_agg(concat_ws(',', a.id, a.table_id, a.booking_id, a.kind, extract(epoch from lower(a.during)),
                                    extract(epoch from upper(a.during)), extract(epoch from a.expires_at)), ';' order by a.id)
        from allocations a
        where a.restaurant_id = b.restaurant_id and a.during && b.during
          and (a.kind = 'assignment' or a.expires_at > now())), ''))
    from bookings b join restaurants r on r.id = b.restaurant_id
    where b.id = ${bookingId})`;
}

export function contextVersionOf(fingerprint: string | null | undefined): string | undefined {
  if (fingerprint === null || fingerprint === undefined) return undefined;
  return `cv1.${createHash("sha256").update(fingerprint).digest("base64url").slice(0, 22)}`;
}

/**
 * The current context version; with `expected` (what the caller read), STALE_CONTEXT carrying the current one when
 * they differ, so the caller reloads the context instead of acting on tables that changed under them.
 */
export async function requireFreshContext(
  db: Queryable,
  { bookingId, expected }: { bookingId: string; expected?: string },
): Promise<string> {
  return assertFreshContext({ bookingId, current: await computeContextVersion(db, bookingId), expected });
}

/** requireFreshContext's verdict on a version the caller already computed (e.g. read along with the checks). */
export function assertFreshContext({
  bookingId,
  current,
  expected,
}: {
  bookingId: string;
  current: string | undefined;
  expected?: string;
}): string {
  if (current === undefined) {
    throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
  }
  if (expected !== undefined && expected !== current) {
    throw new DomainError("STALE_CONTEXT", "the tables around this booking changed since the context was read", {
      meta: { contextVersion: current, expectedContextVersion: expected, bookingId },
    });
  }
  return current;
}
