import { sql } from "kysely";
import type { Queryable } from "@/server/infra/db/open-db";
import type { TGuestListResponse, TListGuestsQuery } from "./guest-schema";
import { loadGuestSummaries } from "./load-guest-summaries";

/** LIKE wildcards typed by a person are searched for literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of the restaurant's guests (survivors of merges, not erased), by name: all of them, or those whose name
 * or email contains `q` (any case), or whose phone contains its digits (a search typed "07946 0018" finds
 * "+442079460018"). Two reads: the page's ids with the total, then their summaries.
 */
export async function listGuests(
  db: Queryable,
  { restaurantId, query, now }: { restaurantId: string; query: TListGuestsQuery; now: Date },
): Promise<TGuestListResponse> {
  const { page, pageSize } = query;
  const text = query.q?.trim() ?? "";
  const pattern = `%${escapeLike(text.toLowerCase())}%`;
  const digits = text.replace(/[^0-9]/g, "");
  const search =
    text === ""
      ? sql`true`
      : sql`(lower(g.name) like ${pattern} or g.email like ${pattern}
             ${digits.length >= 3 ? sql`or g.phone like ${`%${digits}%`}` : sql``})`;
  const { rows } = await sql<{ id: string; total: number }>`
    select g.id, count(*) over ()::int as total from guests g
    where g.restaurant_id = ${restaurantId} and g.merged_into is null and g.erased_at is null and ${search}
    order by lower(g.name), g.id
    limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page > 1) {
    const counted = await sql<{ total: number }>`
      select count(*)::int as total from guests g
      where g.restaurant_id = ${restaurantId} and g.merged_into is null and g.erased_at is null and ${search}`.execute(
      db,
    );
    total = Number(counted.rows[0]?.total ?? 0);
  }
  const items = await loadGuestSummaries(db, { restaurantId, ids: rows.map((r) => r.id), now });
  return { items, total, page, pageSize };
}
