import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingSource, BookingStatus } from "@/server/infra/db/schema";
import type { TOccupancyInterval } from "@/server/planner";

export type TRepairSettings = { enabled: boolean; maxMoves: number; freezeMinutes: number };

export type TRepairFloorBooking = {
  id: string;
  reference: string;
  partySize: number;
  start: number;
  end: number;
  status: BookingStatus;
  stateVersion: number;
  pinned: boolean;
  source: BookingSource;
  preferredZoneId: string | null;
  tableIds: string[];
};

export type TRepairFloor = {
  bookings: TRepairFloorBooking[];
  /** Live holds: staff are choosing these tables right now; a repair never touches them. */
  holds: TOccupancyInterval[];
  /** Table id → label, for the history rows' reasons. */
  labels: ReadonlyMap<string, string>;
};

/** The restaurant's repair settings (a missing restaurant reads as switched off). */
export async function loadRepairSettings(db: Queryable, restaurantId: string): Promise<TRepairSettings> {
  const row = await db
    .selectFrom("restaurants")
    .select(["online_repair_enabled", "online_repair_max_moves", "online_repair_freeze_minutes"])
    .where("id", "=", restaurantId)
    .executeTakeFirst();
  return {
    enabled: row?.online_repair_enabled ?? false,
    maxMoves: row?.online_repair_max_moves ?? 3,
    freezeMinutes: row?.online_repair_freeze_minutes ?? 30,
  };
}

/**
 * Every table allocation of a restaurant over [from, to) with its booking (status, version as the fence, pinned),
 * grouped per booking; live holds apart. Unlocked read: the repair's commit re-checks each version under lock.
 */
export async function loadRepairFloor(
  db: Queryable,
  { restaurantId, from, to }: { restaurantId: string; from: Date; to: Date },
): Promise<TRepairFloor> {
  const [rows, tables] = await Promise.all([
    db
      .selectFrom("allocations as a")
      .innerJoin("bookings as b", "b.id", "a.booking_id")
      .select([
        "a.table_id",
        "a.kind",
        "a.expires_at",
        "b.id",
        "b.reference",
        "b.party_size",
        "b.starts_at",
        "b.ends_at",
        "b.status",
        "b.state_version",
        "b.pinned",
        "b.source",
        "b.preferred_zone_id",
      ])
      .where("a.restaurant_id", "=", restaurantId)
      .where("b.starts_at", "<", to)
      .where("b.ends_at", ">", from)
      .orderBy("b.id")
      .orderBy("a.table_id")
      .execute(),
    db.selectFrom("tables").select(["id", "label"]).where("restaurant_id", "=", restaurantId).execute(),
  ]);
  const now = Date.now();
  const byId = new Map<string, TRepairFloorBooking>();
  const holds: TOccupancyInterval[] = [];
  for (const r of rows) {
    const start = new Date(r.starts_at).getTime();
    const end = new Date(r.ends_at).getTime();
    if (r.kind !== "assignment") {
      const expiresAt = r.expires_at ? new Date(r.expires_at).getTime() : null;
      if (expiresAt === null || expiresAt > now) holds.push({ tableId: r.table_id, start, end, kind: "hold" });
      continue;
    }
    let booking = byId.get(r.id);
    if (!booking) {
      booking = {
        id: r.id,
        reference: r.reference,
        partySize: r.party_size,
        start,
        end,
        status: r.status,
        stateVersion: r.state_version,
        pinned: r.pinned,
        source: r.source,
        preferredZoneId: r.preferred_zone_id,
        tableIds: [],
      };
      byId.set(r.id, booking);
    }
    booking.tableIds.push(r.table_id);
  }
  return { bookings: [...byId.values()], holds, labels: new Map(tables.map((t) => [t.id, t.label])) };
}
