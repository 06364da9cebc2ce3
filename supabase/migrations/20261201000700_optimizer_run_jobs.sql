-- Optimizer runs from the dashboard (issue #14): POST /api/ops/optimizer/runs records a run before its job solves
-- it (queued → running → previewed, or failed), the dashboard follows it over the ops stream, and applying it names
-- the version the manager looked at (expectedRunVersion).
alter table optimizer_runs drop constraint optimizer_runs_status_check;
alter table optimizer_runs add constraint optimizer_runs_status_check
  check (status in ('queued', 'running', 'previewed', 'applied', 'stale', 'rejected', 'failed'));
-- Bumped by every change of the run (trigger below): apply refuses a version the caller did not see.
alter table optimizer_runs add column version integer not null default 1 check (version >= 1);
-- What was asked for: {solver, timeLimitMs} (the job reads it).
alter table optimizer_runs add column requested jsonb not null default '{}'::jsonb
  check (jsonb_typeof(requested) = 'object');
-- The booking ids (= move ids) a manager applied; null: not applied.
alter table optimizer_runs add column applied_moves jsonb check (applied_moves is null or jsonb_typeof(applied_moves) = 'array');

create function maitre_optimizer_runs_bump_version() returns trigger language plpgsql as $$
begin
  new.version := old.version + 1;
  return new;
end $$;
create trigger optimizer_runs_version before update on optimizer_runs
  for each row execute function maitre_optimizer_runs_bump_version();

-- Progress on the ops stream: an `optimizer` event (change = the run's status, version = the run's version) at
-- local noon of the run's day, so the dashboards of that restaurant-day hear of it (server/live filters by day).
alter table ops_events drop constraint ops_events_kind_check;
alter table ops_events add constraint ops_events_kind_check check (kind in ('booking', 'hold', 'allocation', 'optimizer'));

create function maitre_ops_optimizer_runs_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.status is not distinct from old.status then return null; end if;
  insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at)
    select new.restaurant_id, 'optimizer', null, new.version, new.status,
           (new.service_date + time '12:00') at time zone r.timezone
    from restaurants r where r.id = new.restaurant_id;
  return null;
end $$;
create trigger optimizer_runs_ops after insert or update on optimizer_runs
  for each row execute function maitre_ops_optimizer_runs_changed();
