import { sql } from "kysely";
import { toBookingResponse } from "@/server/booking/booking-response";
import { findBookingView } from "@/server/booking/find-booking-view";
import { DomainError } from "@/server/errors/domain-error";
import type { Db, Tx } from "@/server/infra/db/open-db";
import { computeContextVersion } from "./compute-context-version";
import type { TManualContext } from "./manual-selection-schema";

type TTableState = TManualContext["tables"][number];

/**
 * What staff choose tables from: every table of the booking's restaurant with what occupies it during the
 * booking's window (other bookings' assignments, other live holds — with the booking and, for holds, the member of
 * staff and expiry), inactive tables as out of service, this booking's own tables and live hold, the adjacency
 * edges, and the contextVersion of exactly this answer (one REPEATABLE READ snapshot, so the version and the
 * data agree).
 */
export async function loadManualContext({
  db,
  restaurantId,
  bookingId,
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
}): Promise<TManualContext> {
  return db.transaction(async (tx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    const view = await findBookingView(tx, { bookingId });
    if (!view || view.restaurantId !== restaurantId) {
      throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
    }
    const [tables, occupancy, activeHold, adjacency, contextVersion] = await Promise.all([
      tx
        .selectFrom("tables as t")
        .innerJoin("zones as z", "z.id", "t.zone_id")
        .select(["t.id", "t.label", "t.zone_id", "z.name as zone_name", "t.capacity", "t.min_party", "t.mergeable"])
        .select("t.active")
        .where("t.restaurant_id", "=", restaurantId)
        .orderBy("z.name")
        .orderBy("t.label")
        .execute(),
      loadOccupancy(tx, { restaurantId, bookingId }),
      sql<{
        id: string;
        expires_at: Date;
        table_ids: string[];
        created_by: string;
        source: string;
        override: Record<string, unknown> | null;
      }>`select id, expires_at, table_ids, created_by, source, override from holds
         where booking_id = ${bookingId} and expires_at > now() order by created_at desc limit 1`.execute(tx),
      tx
        .selectFrom("table_adjacency")
        .select(["table_a", "table_b"])
        .where("restaurant_id", "=", restaurantId)
        .execute(),
      computeContextVersion(tx, bookingId),
    ]);
    const hold = activeHold.rows[0];
    const ownHeld = new Set(hold?.table_ids ?? []);
    const ownAssigned = new Set(view.tables.map((t) => t.id));
    return {
      booking: toBookingResponse(view),
      currentTables: view.tables.map((t) => ({ id: t.id, name: t.label })),
      activeHold: hold
        ? {
            id: hold.id,
            expiresAt: new Date(hold.expires_at).toISOString(),
            tableIds: hold.table_ids,
            createdBy: hold.created_by,
            source: hold.source,
            override: hold.override,
          }
        : null,
      tables: tables.map((t): TTableState => {
        const assignedTo = occupancy.filter((o) => o.table_id === t.id && o.kind === "assignment");
        const heldBy = occupancy.filter((o) => o.table_id === t.id && o.kind === "hold");
        return {
          id: t.id,
          name: t.label,
          zoneId: t.zone_id,
          zoneName: t.zone_name,
          capacity: t.capacity,
          minParty: t.min_party,
          mergeable: t.mergeable,
          state: !t.active
            ? "out_of_service"
            : assignedTo.length > 0
              ? "assigned"
              : heldBy.length > 0
                ? "held"
                : "free",
          thisBooking: ownAssigned.has(t.id) ? "assigned" : ownHeld.has(t.id) ? "held" : null,
          assignedTo: assignedTo.map((o) => ({
            bookingId: o.booking_id,
            reference: o.reference,
            guestName: o.guest_name,
            startsAt: new Date(o.starts_at).toISOString(),
            endsAt: new Date(o.ends_at).toISOString(),
          })),
          heldBy: heldBy.map((o) => ({
            bookingId: o.booking_id,
            reference: o.reference,
            guestName: o.guest_name,
            holdId: o.hold_id as string,
            createdBy: o.created_by ?? "",
            staffName: o.staff_name,
            expiresAt: new Date(o.expires_at as Date).toISOString(),
          })),
        };
      }),
      adjacency: adjacency.map((e): [string, string] => [e.table_a, e.table_b]),
      contextVersion: contextVersion ?? "",
    };
  });
}

/** Other bookings' live allocations overlapping this booking's window, with who holds them. */
async function loadOccupancy(tx: Tx, { restaurantId, bookingId }: { restaurantId: string; bookingId: string }) {
  const { rows } = await sql<{
    table_id: string;
    kind: "assignment" | "hold";
    booking_id: string;
    reference: string;
    guest_name: string;
    starts_at: Date;
    ends_at: Date;
    hold_id: string | null;
    expires_at: Date | null;
    created_by: string | null;
    staff_name: string | null;
  }>`
    select a.table_id, a.kind, a.booking_id, ob.reference, ob.guest_name, ob.starts_at, ob.ends_at, a.hold_id,
      a.expires_at, h.created_by, su.display_name as staff_name
    from bookings b
    join allocations a on a.restaurant_id = b.restaurant_id and a.during && b.during and a.booking_id <> b.id
      and (a.kind = 'assignment' or a.expires_at > now())
    join bookings ob on ob.id = a.booking_id
    left join holds h on h.id = a.hold_id
    left join staff_users su on h.created_by = 'staff:' || su.id::text
    where b.id = ${bookingId} and b.restaurant_id = ${restaurantId}
    order by lower(a.during), ob.reference`.execute(tx);
  return rows;
}
