import { sql } from "kysely";
import type { TBookingGuest } from "@/server/guests/guest-schema";
import type { Queryable } from "@/server/infra/db/open-db";
import type { AllocationKind, BookingStatus } from "@/server/infra/db/schema";

export type TOpsZone = { id: string; name: string };
/** Where a table stands on the floor plan (metres from the room's top-left corner, as seeded; `x, y` the top-left of the table's box). */
export type TTableLayout = {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  shape: "rect" | "round";
};
export type TOpsTable = {
  id: string;
  name: string;
  zoneId: string;
  capacity: number;
  minParty: number;
  mergeable: boolean;
  active: boolean;
  layout: TTableLayout;
};
/** One table's allocation; times are epoch ms, the half-open window [start, end). */
export type TOpsAllocation = {
  tableId: string;
  bookingId: string;
  holdId: string | null;
  kind: AllocationKind;
  start: number;
  end: number;
  expiresAt: number | null;
};
export type TOpsBooking = {
  id: string;
  reference: string;
  guestName: string;
  partySize: number;
  status: BookingStatus;
  start: number;
  end: number;
  /** The guest record (tags, notes cut to GUEST_NOTE_PREVIEW characters, visit counts); null without one. */
  guest?: TBookingGuest | null;
  /** The booking's own notes (allergies, occasion, seating wishes), cut to GUEST_NOTE_PREVIEW characters. */
  note?: string | null;
  /** Why it is in manual review: a coordinator code (NO_PLAN …) or the words staff gave. */
  reviewReason?: string | null;
};

/** The timeline shows the start of a guest's notes; the drawer shows them whole. */
export const GUEST_NOTE_PREVIEW = 120;

/** Everything on a restaurant's floor over a time range, for the ops timeline and heatmap. */
export type TOpsFloor = {
  /** In the restaurant's display order (sort_order, then name). */
  zones: TOpsZone[];
  tables: TOpsTable[];
  /** Pairs of tables that may be pushed together (each pair once, ids in any order). */
  adjacency: Array<[string, string]>;
  /** Closing time (`HH:MM:SS`, local) by service period id: the booking rules leave it out. */
  closesAt: Record<string, string>;
  allocations: TOpsAllocation[];
  bookings: TOpsBooking[];
};

type TRow = {
  zones: Array<[string, string]>;
  tables: Array<
    [string, string, string, number, boolean, number, boolean, number, number, number, number, number, "rect" | "round"]
  >;
  adjacency: Array<[string, string]>;
  closes: Record<string, string>;
  allocations: Array<[string, string, string | null, AllocationKind, number, number, number | null]>;
  bookings: Array<
    [
      string,
      string,
      string,
      number,
      BookingStatus,
      number,
      number,
      string | null,
      string[] | null,
      string | null,
      number,
      number,
      number,
      string | null,
      string | null,
    ]
  >;
};

/**
 * The floor of [from, to) in ONE statement (one snapshot, one round trip): zones, tables (inactive ones too: they
 * are on the floor, out of service), the service periods' closing times, the allocations overlapping the range
 * (assignments, and holds not yet expired — writes ignore expired holds too) through the (restaurant_id, during)
 * GiST index, and the bookings overlapping it but cancelled ones (no-shows and completed bookings keep their
 * tables, so the timeline shows them where they sat), each with the start of its own notes, its guest's tags, notes
 * (the start) and counts
 * (one aggregate per booking over bookings_guest_idx, in the same statement).
 */
export async function loadOpsFloor(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: Date; to: Date },
): Promise<TOpsFloor> {
  const { rows } = await sql<TRow>`
    select
      coalesce((select jsonb_agg(jsonb_build_array(z.id, z.name) order by z.sort_order, z.name, z.id)
        from zones z where z.restaurant_id = ${restaurantId}), '[]'::jsonb) as zones,
      coalesce((select jsonb_agg(jsonb_build_array(t.id, t.label, t.zone_id, t.capacity, t.active,
          t.min_party, t.mergeable, t.x, t.y, t.width, t.height, t.rotation, t.shape))
        from tables t where t.restaurant_id = ${restaurantId}), '[]'::jsonb) as tables,
      coalesce((select jsonb_agg(jsonb_build_array(ta.table_a, ta.table_b))
        from table_adjacency ta where ta.restaurant_id = ${restaurantId}), '[]'::jsonb) as adjacency,
      coalesce((select jsonb_object_agg(sp.id, sp.closes_at)
        from service_periods sp where sp.restaurant_id = ${restaurantId} and sp.active), '{}'::jsonb) as closes,
      coalesce((
        select jsonb_agg(jsonb_build_array(a.table_id, a.booking_id, a.hold_id, a.kind,
          extract(epoch from lower(a.during)) * 1000, extract(epoch from upper(a.during)) * 1000,
          extract(epoch from a.expires_at) * 1000))
        from allocations a
        where a.restaurant_id = ${restaurantId} and a.during && tstzrange(${from}, ${to}, '[)')
          and (a.kind = 'assignment' or a.expires_at > now())), '[]'::jsonb) as allocations,
      coalesce((
        select jsonb_agg(jsonb_build_array(b.id, b.reference, b.guest_name, b.party_size, b.status,
          extract(epoch from b.starts_at) * 1000, extract(epoch from b.ends_at) * 1000,
          b.guest_id, g.tags,
          case when length(g.notes) > ${GUEST_NOTE_PREVIEW} then left(g.notes, ${GUEST_NOTE_PREVIEW - 1}) || '…'
               else g.notes end,
          gs.visits, gs.no_shows, gs.cancellations,
          case when length(b.notes) > ${GUEST_NOTE_PREVIEW} then left(b.notes, ${GUEST_NOTE_PREVIEW - 1}) || '…'
               else nullif(btrim(b.notes), '') end,
          case when b.status = 'manual_review' then left(b.review_reason, 200) end))
        from bookings b
        left join guests g on g.id = b.guest_id
        left join lateral (
          select count(*) filter (where x.status in ('completed', 'checked_in')) as visits,
                 count(*) filter (where x.status = 'no_show') as no_shows,
                 count(*) filter (where x.status = 'cancelled') as cancellations
          from bookings x where x.guest_id = b.guest_id) gs on true
        where b.restaurant_id = ${restaurantId} and b.starts_at < ${to} and b.ends_at > ${from}
          and b.status <> 'cancelled'), '[]'::jsonb) as bookings`.execute(db);
  const row = rows[0] ?? { zones: [], tables: [], adjacency: [], closes: {}, allocations: [], bookings: [] };
  return {
    zones: row.zones.map(([id, name]) => ({ id, name })),
    tables: row.tables.map(
      ([id, name, zoneId, capacity, active, minParty, mergeable, x, y, width, height, rotation, shape]) => ({
        id,
        name,
        zoneId,
        capacity,
        minParty,
        mergeable,
        active,
        layout: { x, y, width, height, rotation, shape },
      }),
    ),
    adjacency: row.adjacency,
    closesAt: row.closes,
    allocations: row.allocations.map(([tableId, bookingId, holdId, kind, start, end, expiresAt]) => ({
      tableId,
      bookingId,
      holdId,
      kind,
      start: Number(start),
      end: Number(end),
      expiresAt: expiresAt === null ? null : Number(expiresAt),
    })),
    bookings: row.bookings.map(
      ([
        id,
        reference,
        guestName,
        partySize,
        status,
        start,
        end,
        guestId,
        tags,
        notes,
        visits,
        noShows,
        cancelled,
        note,
        reviewReason,
      ]) => ({
        id,
        reference,
        guestName,
        partySize,
        status,
        start: Number(start),
        end: Number(end),
        guest: guestId
          ? {
              id: guestId,
              tags: tags ?? [],
              notes,
              visits: Number(visits),
              noShows: Number(noShows),
              cancellations: Number(cancelled),
            }
          : null,
        ...(note ? { note } : {}),
        ...(reviewReason ? { reviewReason } : {}),
      }),
    ),
  };
}
