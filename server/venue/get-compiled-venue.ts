import type { Queryable } from "@/server/infra/db/open-db";
import { compileVenue, parsePlannerConfig, type TCompiledVenue } from "@/server/planner";
import { loadVenue } from "./load-venue";

export type TVenueSettings = {
  id: string;
  timezone: string;
  slotMinutes: number;
  autoConfirm: boolean;
  venueVersion: number;
};

/** The venue settings a restaurant's booking rules already carry (no read). */
export function venueSettingsOfRules(rules: {
  restaurantId: string;
  timezone: string;
  slotMinutes: number;
  autoConfirm: boolean;
  venueVersion: number;
}): TVenueSettings {
  const { restaurantId: id, timezone, slotMinutes, autoConfirm, venueVersion } = rules;
  return { id, timezone, slotMinutes, autoConfirm, venueVersion };
}

type TEntry = { version: number; compiled: TCompiledVenue };
type TCacheGlobal = typeof globalThis & { __maitreVenueCache?: Map<string, TEntry> };

function cache(): Map<string, TEntry> {
  const g = globalThis as TCacheGlobal;
  g.__maitreVenueCache ??= new Map();
  return g.__maitreVenueCache;
}

/**
 * The compiled venue for a restaurant, recompiled only when its venue_version moved (triggers bump it on any
 * change to tables, adjacency, zones or planner config). A quote then costs one small row read, not a reload of
 * every table and edge — or none, when the caller read the settings (and so the version) with its own query.
 */
export async function getCompiledVenue(
  db: Queryable,
  { restaurantId, settings: known }: { restaurantId: string; settings?: TVenueSettings },
): Promise<{ venue: TCompiledVenue; settings: TVenueSettings }> {
  const settings = known ?? (await loadVenueSettings(db, restaurantId));
  const cached = cache().get(restaurantId);
  if (cached && cached.version === settings.venueVersion) return { venue: cached.compiled, settings };
  const loaded = await loadVenue(db, { restaurantId });
  const compiled = compileVenue({ venue: loaded.venue, config: parsePlannerConfig(loaded.plannerConfig) });
  // Keyed by the version the load actually saw, which may be newer than the row read above.
  cache().set(restaurantId, { version: Number(loaded.venue.version), compiled });
  return { venue: compiled, settings };
}

async function loadVenueSettings(db: Queryable, restaurantId: string): Promise<TVenueSettings> {
  const row = await db
    .selectFrom("restaurants")
    .select(["id", "timezone", "slot_minutes", "auto_confirm", "venue_version"])
    .where("id", "=", restaurantId)
    .executeTakeFirstOrThrow();
  return venueSettingsOf(row);
}

/** The settings from a restaurants row (or a join that carries these columns). */
export function venueSettingsOf(row: {
  id: string;
  timezone: string;
  slot_minutes: number;
  auto_confirm: boolean;
  venue_version: number | string;
}): TVenueSettings {
  return {
    id: row.id,
    timezone: row.timezone,
    slotMinutes: row.slot_minutes,
    autoConfirm: row.auto_confirm,
    venueVersion: Number(row.venue_version),
  };
}
