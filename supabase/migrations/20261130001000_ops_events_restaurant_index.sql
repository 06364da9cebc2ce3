-- GET /api/availability caches its expensive part per restaurant and keys it on the restaurant's newest
-- ops_events id (every change to its bookings, holds and allocations adds a row, server/availability/
-- read-bookings-version.ts): `max(id) where restaurant_id = $1` is one probe at the end of this index instead of a
-- scan of every restaurant's buffered events. The table is unlogged, so is its index (no WAL on the write path).
create index ops_events_restaurant_id_idx on ops_events (restaurant_id, id);
