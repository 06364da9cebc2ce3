-- "Assign all" runs (issue #11, POST /api/ops/assign-all): staff ask the auto-assigner to take on every booking of
-- a restaurant-day still waiting for tables. The run records WHICH bookings it took on (in the order it assigns
-- them: earliest start first, then the earliest made) and when its job finished; its progress and summary are read
-- from those bookings' current statuses, so there is no counter to keep in step with the lifecycle.
create table assign_all_runs (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  service_date date not null,
  booking_ids uuid[] not null,
  -- The member of staff who started it (kept as null if their account is deleted).
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- Set by the run's job when it has been through every booking (a retried job sets it again, later).
  finished_at timestamptz,
  check (finished_at is null or finished_at >= created_at)
);
-- The runs of a restaurant-day, newest first (the dashboard's "last run").
create index assign_all_runs_restaurant_idx on assign_all_runs (restaurant_id, service_date, created_at);
