-- The manual-review gauge (maitre_review_queue_depth) counts, on every scrape, the bookings waiting in review across
-- all restaurants: a partial index keeps that a few index entries instead of a scan of every booking ever made.
create index bookings_manual_review_idx on bookings (ends_at) where status = 'manual_review';
