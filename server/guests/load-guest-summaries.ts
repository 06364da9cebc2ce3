import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TGuestSummary } from "./guest-schema";

type TRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  tags: string[];
  erased_at: Date | null;
  updated_at: Date;
  visits: number;
  no_shows: number;
  cancellations: number;
  last_visit_at: Date | null;
  upcoming_id: string | null;
  upcoming_starts_at: Date | null;
  upcoming_party: number | null;
};

const iso = (d: Date) => new Date(d).toISOString();

/**
 * The summaries of the given guests of one restaurant (in the order of `ids`; unknown ids are left out), in one
 * statement: per guest one aggregate over its bookings (bookings_guest_idx) and its next booking. Visits are
 * completed or checked-in bookings.
 */
export async function loadGuestSummaries(
  db: Queryable,
  { restaurantId, ids, now }: { restaurantId: string; ids: readonly string[]; now: Date },
): Promise<TGuestSummary[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<TRow>`
    select g.id, g.name, g.email, g.phone, g.notes, g.tags, g.erased_at, g.updated_at,
           coalesce(s.visits, 0)::int as visits, coalesce(s.no_shows, 0)::int as no_shows,
           coalesce(s.cancellations, 0)::int as cancellations, s.last_visit_at,
           u.id as upcoming_id, u.starts_at as upcoming_starts_at, u.party_size as upcoming_party
    from guests g
    left join lateral (
      select count(*) filter (where b.status in ('completed', 'checked_in')) as visits,
             count(*) filter (where b.status = 'no_show') as no_shows,
             count(*) filter (where b.status = 'cancelled') as cancellations,
             max(b.starts_at) filter (where b.status in ('completed', 'checked_in')) as last_visit_at
      from bookings b where b.guest_id = g.id
    ) s on true
    left join lateral (
      select b.id, b.starts_at, b.party_size from bookings b
      where b.guest_id = g.id and b.ends_at > ${now}
        and b.status not in ('cancelled', 'no_show', 'completed', 'checked_in')
      order by b.starts_at limit 1
    ) u on true
    where g.restaurant_id = ${restaurantId} and g.id = any(${sql.val([...ids])}::uuid[])`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, toGuestSummary(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function toGuestSummary(r: TRow): TGuestSummary {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    notes: r.notes,
    tags: [...r.tags],
    visits: Number(r.visits),
    noShows: Number(r.no_shows),
    cancellations: Number(r.cancellations),
    lastVisitAt: r.last_visit_at ? iso(r.last_visit_at) : null,
    upcoming:
      r.upcoming_id && r.upcoming_starts_at
        ? { bookingId: r.upcoming_id, startsAt: iso(r.upcoming_starts_at), partySize: Number(r.upcoming_party) }
        : null,
    erasedAt: r.erased_at ? iso(r.erased_at) : null,
    updatedAt: iso(r.updated_at),
  };
}
