-- Transition chains (issue #5, booking → assigned in tens of milliseconds). Some events always follow each other
-- in one request: CREATE → CAPACITY_VERIFIED → QUEUE_ASSIGNMENT when a booking is made, ASSIGNMENT_SUCCEEDED →
-- CONFIRM when the restaurant auto-confirms. The machine (server/booking/machine.ts) still decides every step;
-- these functions apply the whole chain under one row lock in one round trip, each step through
-- maitre_apply_transition (its own version, its own history row, the same trigger checks).
--
-- A step is {"to": status, "event": EVENT, "reason"?: text, "metadata"?: {}, "assignmentFailures"?: n}; every step
-- of a chain is taken by the same actor.

create function maitre_apply_steps(b bookings, p_steps jsonb, p_actor_type text, p_actor_id text) returns bookings
language plpgsql as $$
declare
  s jsonb;
begin
  for s in select value from jsonb_array_elements(coalesce(p_steps, '[]'::jsonb)) loop
    b := maitre_apply_transition(b, s->>'to', s->>'event', p_actor_type, p_actor_id, s->>'reason',
                                 coalesce(s->'metadata', '{}'::jsonb), (s->>'assignmentFailures')::integer);
  end loop;
  return b;
end $$;

drop function transition_booking(uuid, integer, text, text, text, text, text, jsonb, integer);
drop function commit_assignment(uuid, integer, uuid[], text, text, text, text, text, jsonb, integer);

create function transition_booking(p_booking_id uuid, p_expected_version integer, p_to_status text, p_event text,
  p_actor_type text, p_actor_id text, p_reason text default null, p_metadata jsonb default '{}'::jsonb,
  p_assignment_failures integer default null, p_then jsonb default '[]'::jsonb) returns jsonb language plpgsql as $$
declare
  b bookings;
  v_from text;
begin
  if p_expected_version is null then
    perform maitre_raise('MTVAL', 'transition_booking needs the expected state_version (compare-and-set)');
  end if;
  b := maitre_lock_booking(p_booking_id);
  perform maitre_assert_version(b, p_expected_version);
  v_from := b.status;
  b := maitre_apply_transition(b, p_to_status, p_event, p_actor_type, p_actor_id, p_reason, p_metadata,
                               p_assignment_failures);
  b := maitre_apply_steps(b, p_then, p_actor_type, p_actor_id);
  return maitre_booking_result(b, v_from);
end $$;

-- Direct assignment from a plan; the booking's version is the fencing token (a planner working from an old
-- snapshot loses). The booking's own holds are superseded and its previous tables replaced. p_then: the steps
-- after the assignment (CONFIRM for an auto-confirming restaurant).
create function commit_assignment(p_booking_id uuid, p_expected_version integer, p_table_ids uuid[],
  p_to_status text, p_event text, p_actor_type text, p_actor_id text, p_reason text default null,
  p_metadata jsonb default '{}'::jsonb, p_assignment_failures integer default null,
  p_then jsonb default '[]'::jsonb) returns jsonb
language plpgsql as $$
declare
  b bookings;
  v_from text;
  ids uuid[] := maitre_distinct_ids(p_table_ids);
  v_group uuid := gen_random_uuid();
begin
  if p_expected_version is null then
    perform maitre_raise('MTVAL', 'commit_assignment needs the booking''s state_version as fencing token');
  end if;
  b := maitre_lock_booking(p_booking_id);
  perform maitre_assert_assignable(b, p_event);
  perform maitre_assert_version(b, p_expected_version);
  v_from := b.status;
  perform maitre_lock_tables(ids);
  perform maitre_delete_expired_holds(ids);
  delete from holds where booking_id = b.id;
  perform maitre_assert_selection(b.id, ids);
  delete from allocations where booking_id = b.id and kind = 'assignment';
  perform maitre_insert_allocations(b, ids, v_group, null, null);
  b := maitre_apply_transition(b, p_to_status, p_event, p_actor_type, p_actor_id, p_reason,
                               coalesce(p_metadata, '{}'::jsonb) || jsonb_build_object('tableIds', to_jsonb(ids)),
                               p_assignment_failures);
  b := maitre_apply_steps(b, p_then, p_actor_type, p_actor_id);
  return maitre_booking_result(b, v_from) || jsonb_build_object('assignmentGroup', v_group);
end $$;

-- What a booking is checked against (timezone, seating hours, turn times, pacing caps, party limits, auto-confirm)
-- changes rarely and is read by every booking: the app caches it per restaurant and rules_version, which these
-- triggers bump on any change to those settings, and create_booking refuses a booking checked against an older
-- version (MTRUL: the app reloads the rules and tries again).
alter table restaurants add column rules_version bigint not null default 1;

create function maitre_bump_rules_version_on_restaurant() returns trigger language plpgsql as $$
begin
  if (new.timezone, new.slot_minutes, new.max_party_size, new.auto_confirm, new.no_show_undo_minutes,
      new.check_in_lead_minutes)
     is distinct from
     (old.timezone, old.slot_minutes, old.max_party_size, old.auto_confirm, old.no_show_undo_minutes,
      old.check_in_lead_minutes) then
    new.rules_version := old.rules_version + 1;
  end if;
  return new;
end $$;
create trigger restaurants_bump_rules_version before update on restaurants
  for each row execute function maitre_bump_rules_version_on_restaurant();

create function maitre_bump_rules_version() returns trigger language plpgsql as $$
declare
  affected uuid;
begin
  if tg_table_name = 'service_turn_times' then
    select restaurant_id into affected from service_periods
    where id = case when tg_op = 'DELETE' then old.service_period_id else new.service_period_id end;
  else
    affected := case when tg_op = 'DELETE' then old.restaurant_id else new.restaurant_id end;
  end if;
  update restaurants set rules_version = rules_version + 1 where id = affected;
  return null;
end $$;
create trigger service_periods_bump_rules_version after insert or update or delete on service_periods
  for each row execute function maitre_bump_rules_version();
create trigger service_turn_times_bump_rules_version after insert or update or delete on service_turn_times
  for each row execute function maitre_bump_rules_version();

-- Covers already starting in a pacing slot [p_slot_start, p_slot_end) (all sources, and online ones), read after
-- taking the slot's transaction-scoped advisory lock: the check and the insert of bookings for one slot never
-- interleave (the lock is held until the caller commits). The read after the lock takes a fresh snapshot (a
-- volatile function's statements each do), so it sees every booking committed by the previous lock holder.
create function maitre_slot_covers(p_restaurant_id uuid, p_slot_start timestamptz, p_slot_end timestamptz)
returns jsonb language plpgsql volatile as $$
declare
  v jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended(format('pacing:%s:%s', p_restaurant_id, extract(epoch from p_slot_start)), 0));
  select jsonb_build_object('covers', coalesce(sum(party_size), 0),
                            'online', coalesce(sum(party_size) filter (where source = 'online'), 0))
  into v
  from bookings
  where restaurant_id = p_restaurant_id and starts_at >= p_slot_start and starts_at < p_slot_end
    and status not in ('cancelled', 'no_show');
  return v;
end $$;

-- Inserts a booking (status created, version 0, its CREATE history row) and applies p_then. Returns
-- {"booking": row, "venueVersion": n} (the floor's version now, for the first plan's compiled-venue cache), or
-- null when a unique key clashed (reference or idempotency key): the caller tells the two apart.
-- p_rules_version: the restaurant's rules_version the booking was checked against (MTRUL if they changed since).
-- p_pacing: {"slotStart", "slotEnd", "cap", "onlineCap"} when the booking's service period caps covers per slot;
-- the slot's covers are counted under its lock and a booking over a cap raises MTPAC with the counts.
create function create_booking(p_booking jsonb, p_actor_type text, p_actor_id text, p_metadata jsonb,
  p_then jsonb default '[]'::jsonb, p_rules_version bigint default null, p_pacing jsonb default null)
returns jsonb language plpgsql as $$
declare
  b bookings;
  v_restaurant uuid := (p_booking->>'restaurant_id')::uuid;
  v_party integer := (p_booking->>'party_size')::integer;
  v_slot jsonb;
  r record;
begin
  select rules_version, venue_version into r from restaurants where id = v_restaurant;
  if p_rules_version is not null and r.rules_version is distinct from p_rules_version then
    perform maitre_raise('MTRUL', 'the restaurant''s booking rules changed while this booking was checked',
      jsonb_build_object('restaurantId', v_restaurant, 'rulesVersion', p_rules_version));
  end if;
  if p_pacing is not null then
    v_slot := maitre_slot_covers(v_restaurant, (p_pacing->>'slotStart')::timestamptz,
                                 (p_pacing->>'slotEnd')::timestamptz);
    if (p_pacing->>'cap') is not null and (v_slot->>'covers')::integer + v_party > (p_pacing->>'cap')::integer then
      perform maitre_raise('MTPAC', 'pacing cap reached', p_pacing || v_slot
        || jsonb_build_object('scope', 'all', 'partySize', v_party));
    end if;
    if p_booking->>'source' = 'online' and (p_pacing->>'onlineCap') is not null
       and (v_slot->>'online')::integer + v_party > (p_pacing->>'onlineCap')::integer then
      perform maitre_raise('MTPAC', 'online pacing cap reached', p_pacing || v_slot
        || jsonb_build_object('scope', 'online', 'partySize', v_party));
    end if;
  end if;
  insert into bookings (restaurant_id, reference, service_period_id, guest_name, guest_email, guest_phone,
                        party_size, starts_at, ends_at, source, notes, tags, preferred_zone_id, idempotency_key)
  values (v_restaurant, p_booking->>'reference', (p_booking->>'service_period_id')::uuid,
          p_booking->>'guest_name', p_booking->>'guest_email', p_booking->>'guest_phone',
          v_party, (p_booking->>'starts_at')::timestamptz,
          (p_booking->>'ends_at')::timestamptz, p_booking->>'source', p_booking->>'notes',
          coalesce(array(select jsonb_array_elements_text(p_booking->'tags')), '{}'::text[]),
          (p_booking->>'preferred_zone_id')::uuid, p_booking->>'idempotency_key')
  on conflict do nothing
  returning * into b;
  if not found then
    return null;
  end if;
  insert into booking_state_history (booking_id, restaurant_id, from_status, to_status, event, actor_type, actor_id,
                                     reason, version, metadata)
  values (b.id, b.restaurant_id, null, 'created', 'CREATE', p_actor_type, p_actor_id, null, 0,
          coalesce(p_metadata, '{}'::jsonb));
  b := maitre_apply_steps(b, p_then, p_actor_type, p_actor_id);
  return jsonb_build_object('booking', to_jsonb(b), 'venueVersion', r.venue_version);
end $$;

-- A booking changes status five times on its way to confirmed. With status in an index every change rewrote the
-- row AND an entry in each of the table's six indexes; without it, and with room left on each page, PostgreSQL
-- updates in place (HOT: no index writes). Queries by status are always per restaurant and date range, which
-- bookings_restaurant_starts_idx serves (status is then a filter on a few hundred rows at most).
drop index bookings_restaurant_status_idx;
alter table bookings set (fillfactor = 80);

-- The tables of p_ids reachable from the first one over adjacency edges inside the set (a chain A–B–C is
-- connected; "each has some neighbour" is not enough).
create function maitre_reached_tables(p_ids uuid[]) returns uuid[] language sql stable as $$
  with recursive edges as (
    select table_a as from_id, table_b as to_id from table_adjacency where table_a = any(p_ids) and table_b = any(p_ids)
    union all
    select table_b, table_a from table_adjacency where table_a = any(p_ids) and table_b = any(p_ids)
  ), reach(table_id) as (
    select p_ids[1]
    union
    select e.to_id from reach r join edges e on e.from_id = r.table_id
  )
  select coalesce(array_agg(table_id), '{}'::uuid[]) from reach where table_id is not null
$$;

-- The same verdict as "every check of maitre_selection_checks is ok", in a few index lookups and without building
-- the report: commits on the hot path pass here, and only a refused selection pays for the full report that names
-- what is wrong. A property test (selection-fast-path.integration.test.ts) holds the two to the same answer.
create function maitre_selection_ok(p_booking_id uuid, p_table_ids uuid[]) returns boolean language plpgsql as $$
declare
  b bookings;
  policy jsonb;
  ids uuid[] := maitre_distinct_ids(p_table_ids);
  n integer := cardinality(maitre_distinct_ids(p_table_ids));
  v record;
begin
  select * into b from bookings where id = p_booking_id;
  if not found or n = 0 or b.status not in ('capacity_verified', 'assignment_pending', 'assignment_in_progress',
                                            'manual_review', 'assigned', 'confirmed') then
    return false;
  end if;
  select maitre_planner_policy(planner_config) into policy from restaurants where id = b.restaurant_id;
  if n > (policy ->> 'maxTablesPerPlan')::integer then
    return false;
  end if;
  select count(*) as found, count(*) filter (where not t.active) as inactive,
         count(*) filter (where not t.mergeable) as unmergeable, count(distinct t.zone_id) as zones,
         coalesce(sum(t.capacity), 0) as seats, coalesce(max(t.min_party), 1) as min_party
  into v from tables t where t.id = any(ids) and t.restaurant_id = b.restaurant_id;
  if v.found <> n or v.inactive > 0 or (n > 1 and v.unmergeable > 0)
     or (v.zones > 1 and not (policy ->> 'allowCrossZone')::boolean)
     or v.seats < b.party_size or v.seats - b.party_size > (policy ->> 'maxOverage')::integer
     or b.party_size < v.min_party then
    return false;
  end if;
  if n > 1 and (policy ->> 'requireAdjacency')::boolean and cardinality(maitre_reached_tables(ids)) <> n then
    return false;
  end if;
  return not exists (
    select 1 from allocations a
    where a.table_id = any(ids) and a.during && b.during and a.booking_id <> b.id
      and (a.kind = 'assignment' or a.expires_at > now()));
end $$;

create or replace function maitre_assert_selection(p_booking_id uuid, p_table_ids uuid[]) returns void
language plpgsql as $$
declare
  c jsonb;
begin
  if maitre_selection_ok(p_booking_id, p_table_ids) then
    return;
  end if;
  -- Raises the first failed check with its SQLSTATE (same order as maitre_selection_checks lists them).
  for c in select value from jsonb_array_elements(maitre_selection_checks(p_booking_id, p_table_ids)) loop
    if not (c ->> 'ok')::boolean then
      perform maitre_raise(c ->> 'sqlstate', c ->> 'message', c -> 'detail');
    end if;
  end loop;
end $$;
