-- Live ops events (GET /api/ops/stream): every change to bookings, holds and allocations leaves one row in
-- ops_events. Each web process tails this table (one query per interval for all its dashboards, server/live) and a
-- reconnecting dashboard replays the rows after its Last-Event-ID; the rows are a short buffer (minutes), pruned by
-- the tailing processes.
--
-- Cheap on purpose (the booking pipeline writes hundreds of bookings a second): statement-level triggers over
-- transition tables, so a statement costs one INSERT … SELECT (a 3-table merge is one allocation event, not
-- three), no lookups except the booking's start for holds (a primary-key probe), and the table is UNLOGGED (no WAL;
-- after a crash the buffer is empty and reconnecting dashboards are told to resync). No NOTIFY: a transaction that
-- notifies takes a database-wide lock at commit that serialises every notifying commit (fsync included); measured
-- with 8 concurrent writers it cost ~40% of booking write throughput, the INSERT alone was within noise.
-- The local service day is not computed here (that needs the restaurant's time zone): events carry the booking's
-- start and the subscriber compares it with its day in its time zone.
create unlogged table ops_events (
  id bigserial primary key,
  restaurant_id uuid not null,
  kind text not null check (kind in ('booking', 'hold', 'allocation')),
  booking_id uuid,
  -- bookings: state_version after the change; holds: the booking version the hold was taken at.
  version integer,
  -- booking: created | updated | deleted | <new status>; hold: created | updated | deleted;
  -- allocation: assigned | unassigned | held | released | updated.
  change text not null,
  -- The booking's start (what decides its local day); null when it is unknown (its booking is gone).
  starts_at timestamptz,
  -- Set when the change moved the booking to another time: the old day's dashboards must hear of it too.
  previous_starts_at timestamptz,
  created_at timestamptz not null default now()
);

create function maitre_ops_bookings_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at)
      select n.restaurant_id, 'booking', n.id, n.state_version, 'created', n.starts_at from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at, previous_starts_at)
      select n.restaurant_id, 'booking', n.id, n.state_version,
             case when n.status is distinct from o.status then n.status else 'updated' end,
             n.starts_at, nullif(o.starts_at, n.starts_at)
      from new_rows n join old_rows o on o.id = n.id;
  else
    insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at)
      select o.restaurant_id, 'booking', o.id, o.state_version, 'deleted', o.starts_at from old_rows o;
  end if;
  return null;
end $$;

create function maitre_ops_holds_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    -- `delete from holds where booking_id = …` runs on every assignment, usually deleting nothing.
    if not exists (select 1 from old_rows) then return null; end if;
    insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at)
      select o.restaurant_id, 'hold', o.booking_id, o.context_version, 'deleted',
             (select b.starts_at from bookings b where b.id = o.booking_id)
      from old_rows o;
  else
    insert into ops_events (restaurant_id, kind, booking_id, version, change, starts_at)
      select n.restaurant_id, 'hold', n.booking_id, n.context_version,
             case when tg_op = 'INSERT' then 'created' else 'updated' end,
             (select b.starts_at from bookings b where b.id = n.booking_id)
      from new_rows n;
  end if;
  return null;
end $$;

-- One event per booking and change per statement: a merge of three tables is one 'assigned'.
create function maitre_ops_allocations_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into ops_events (restaurant_id, kind, booking_id, change, starts_at)
      select n.restaurant_id, 'allocation', n.booking_id,
             case when n.kind = 'hold' then 'held' else 'assigned' end, min(lower(n.during))
      from new_rows n group by n.restaurant_id, n.booking_id, n.kind;
  elsif tg_op = 'UPDATE' then
    insert into ops_events (restaurant_id, kind, booking_id, change, starts_at)
      select c.restaurant_id, 'allocation', c.booking_id, c.change, min(c.starts_at)
      from (select n.restaurant_id, n.booking_id, lower(n.during) as starts_at,
                   case when n.kind = 'assignment' and o.kind = 'hold' then 'assigned' else 'updated' end as change
            from new_rows n join old_rows o on o.id = n.id) c
      group by c.restaurant_id, c.booking_id, c.change;
  else
    if not exists (select 1 from old_rows) then return null; end if;
    insert into ops_events (restaurant_id, kind, booking_id, change, starts_at)
      select o.restaurant_id, 'allocation', o.booking_id,
             case when o.kind = 'hold' then 'released' else 'unassigned' end, min(lower(o.during))
      from old_rows o group by o.restaurant_id, o.booking_id, o.kind;
  end if;
  return null;
end $$;

create trigger bookings_ops_insert after insert on bookings referencing new table as new_rows
  for each statement execute function maitre_ops_bookings_changed();
create trigger bookings_ops_update after update on bookings referencing old table as old_rows new table as new_rows
  for each statement execute function maitre_ops_bookings_changed();
create trigger bookings_ops_delete after delete on bookings referencing old table as old_rows
  for each statement execute function maitre_ops_bookings_changed();

create trigger holds_ops_insert after insert on holds referencing new table as new_rows
  for each statement execute function maitre_ops_holds_changed();
create trigger holds_ops_update after update on holds referencing old table as old_rows new table as new_rows
  for each statement execute function maitre_ops_holds_changed();
create trigger holds_ops_delete after delete on holds referencing old table as old_rows
  for each statement execute function maitre_ops_holds_changed();

create trigger allocations_ops_insert after insert on allocations referencing new table as new_rows
  for each statement execute function maitre_ops_allocations_changed();
create trigger allocations_ops_update after update on allocations referencing old table as old_rows new table as new_rows
  for each statement execute function maitre_ops_allocations_changed();
create trigger allocations_ops_delete after delete on allocations referencing old table as old_rows
  for each statement execute function maitre_ops_allocations_changed();
