-- Assignment rules shared by every write function and by validateSelection (ARCHITECTURE §3, issue #4).
-- One definition of "may this booking sit at these tables": maitre_selection_checks returns every check with its
-- outcome; the write functions raise the first failure with its own SQLSTATE (class MT, mapped to domain errors
-- in server/booking/map-db-error.ts) and JSON in DETAIL. Codes:
--   MTNFD not found · MTSTL stale version · MTEXP hold expired/gone · MTTAK table conflict · MTCAP capacity
--   MTMRG not mergeable / too many tables · MTCON not connected · MTZON cross-zone · MTUNA table unavailable
--   MTASG already assigned · MTVAL invalid argument · MT422 invalid transition (also the trigger) · MT409 (trigger)

-- Raises an MT error; DETAIL carries JSON for the TypeScript layer (a RAISE option cannot be null, hence coalesce).
create function maitre_raise(p_state text, p_message text, p_detail jsonb default '{}'::jsonb, p_hint text default null)
returns void language plpgsql as $$
begin
  raise exception using errcode = p_state, message = p_message, detail = coalesce(p_detail, '{}'::jsonb)::text,
    hint = coalesce(p_hint, '');
end $$;

create function maitre_distinct_ids(p_ids uuid[]) returns uuid[] language sql immutable as $$
  select coalesce(array(select distinct tid from unnest(p_ids) as tid where tid is not null order by tid), '{}'::uuid[])
$$;

-- The planner policy from restaurants.planner_config (zod-validated in server/planner, stored under "policy");
-- missing keys take the planner's defaults so SQL and TypeScript agree on an empty config.
create function maitre_planner_policy(p_config jsonb) returns jsonb language sql immutable as $$
  select jsonb_build_object(
    'requireAdjacency', coalesce((p_config -> 'policy' ->> 'requireAdjacency')::boolean,
                                 (p_config ->> 'requireAdjacency')::boolean, true),
    'maxOverage', coalesce((p_config -> 'policy' ->> 'maxOverage')::integer, (p_config ->> 'maxOverage')::integer, 4),
    'maxTablesPerPlan', coalesce((p_config -> 'policy' ->> 'maxTablesPerPlan')::integer,
                                 (p_config ->> 'maxTablesPerPlan')::integer, 3),
    'allowCrossZone', coalesce((p_config -> 'policy' ->> 'allowCrossZone')::boolean,
                               (p_config ->> 'allowCrossZone')::boolean, false))
$$;

-- Writers of one table queue here, in table order, before they check it. Without this, two transactions that
-- insert overlapping allocations both find the other's uncommitted row while checking the exclusion constraint
-- and wait for each other (a deadlock PostgreSQL breaks only after deadlock_timeout); with it, the second writer
-- checks after the first committed and gets a clean MTTAK. The constraint stays the last line of defence.
create function maitre_lock_tables(p_table_ids uuid[]) returns void language plpgsql as $$
declare
  v_table uuid;
begin
  foreach v_table in array maitre_distinct_ids(p_table_ids) loop
    perform pg_advisory_xact_lock(hashtextextended('maitre:table:' || v_table::text, 0));
  end loop;
end $$;

-- Lazy expiry: an expired hold must never block a write, so every write deletes the expired holds on the tables
-- it touches before checking them (the sweeper job catches the rest). Cascades to the hold's allocations.
create function maitre_delete_expired_holds(p_table_ids uuid[]) returns integer language plpgsql as $$
declare
  v_count integer;
begin
  delete from holds where expires_at <= now() and table_ids && p_table_ids;
  get diagnostics v_count = row_count;
  return v_count;
end $$;

-- The sweeper's query: bounded, and SKIP LOCKED so it never waits on a hold a confirm is working on.
create function sweep_expired_holds(p_limit integer default 500) returns integer language plpgsql as $$
declare
  v_count integer;
begin
  with doomed as (
    select id from holds where expires_at <= now() order by expires_at limit p_limit for update skip locked
  )
  delete from holds h using doomed d where h.id = d.id;
  get diagnostics v_count = row_count;
  return v_count;
end $$;

-- What occupies these tables during the window, apart from the booking itself: assignments and live holds.
create function maitre_find_conflicts(p_booking_id uuid, p_table_ids uuid[], p_during tstzrange) returns jsonb
language sql as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'tableId', a.table_id, 'table', t.label, 'kind', a.kind, 'bookingId', a.booking_id, 'reference', b.reference,
      'holdId', a.hold_id, 'expiresAt', a.expires_at, 'start', lower(a.during), 'end', upper(a.during))
    order by t.label, lower(a.during)), '[]'::jsonb)
  from allocations a
  join tables t on t.id = a.table_id
  join bookings b on b.id = a.booking_id
  where a.table_id = any(p_table_ids) and a.during && p_during and a.booking_id <> p_booking_id
    and (a.kind = 'assignment' or a.expires_at > now())
$$;

create function maitre_describe_conflicts(p_conflicts jsonb) returns text language sql immutable as $$
  select coalesce(string_agg(format('%s is %s by booking %s', c ->> 'table',
      case when c ->> 'kind' = 'hold' then 'held' else 'taken' end, c ->> 'reference'), '; '),
    'a table was taken concurrently')
  from jsonb_array_elements(p_conflicts) as c
$$;

create function maitre_check(p_check text, p_ok boolean, p_state text, p_message text, p_detail jsonb)
returns jsonb language sql immutable as $$
  select jsonb_build_object('check', p_check, 'ok', p_ok, 'sqlstate', case when p_ok then null else p_state end,
    'message', p_message, 'detail', coalesce(p_detail, '{}'::jsonb))
$$;

-- Every rule for seating a booking at a set of tables, each with its outcome; no writes, raises only MTNFD.
-- The booking's own allocations never conflict with it (a reassignment replaces them) and expired holds are
-- ignored, exactly as the write functions treat them after their lazy expiry.
create function maitre_selection_checks(p_booking_id uuid, p_table_ids uuid[]) returns jsonb language plpgsql as $$
declare
  b bookings;
  policy jsonb;
  ids uuid[] := maitre_distinct_ids(p_table_ids);
  n integer := cardinality(maitre_distinct_ids(p_table_ids));
  max_tables integer;
  max_overage integer;
  v_missing jsonb;
  v_inactive jsonb;
  v_not_mergeable jsonb;
  v_zone_count integer;
  v_reached uuid[];
  v_unreached jsonb;
  v_seats integer;
  v_min_party integer;
  v_conflicts jsonb;
  v_labels text;
  checks jsonb := '[]'::jsonb;
begin
  select * into b from bookings where id = p_booking_id;
  if not found then
    perform maitre_raise('MTNFD', format('booking %s not found', p_booking_id), jsonb_build_object('bookingId', p_booking_id));
  end if;
  select maitre_planner_policy(planner_config) into policy from restaurants where id = b.restaurant_id;
  max_tables := (policy ->> 'maxTablesPerPlan')::integer;
  max_overage := (policy ->> 'maxOverage')::integer;
  select string_agg(t.label, '+' order by t.label) into v_labels from tables t where t.id = any(ids);

  checks := checks || maitre_check('booking_state',
    b.status in ('capacity_verified', 'assignment_pending', 'assignment_in_progress', 'manual_review', 'assigned', 'confirmed'),
    'MT422', format('booking %s is %s', b.reference, b.status), jsonb_build_object('status', b.status));

  select coalesce(jsonb_agg(tid), '[]'::jsonb) into v_missing from unnest(ids) as tid
  where not exists (select 1 from tables t where t.id = tid and t.restaurant_id = b.restaurant_id);
  checks := checks || maitre_check('tables_found', n > 0 and jsonb_array_length(v_missing) = 0, 'MTUNA',
    case when n = 0 then 'no tables selected'
         when jsonb_array_length(v_missing) = 0 then 'all tables belong to this restaurant'
         else format('%s table(s) unknown or of another restaurant', jsonb_array_length(v_missing)) end,
    jsonb_build_object('missing', v_missing));

  select coalesce(jsonb_agg(t.label order by t.label), '[]'::jsonb) into v_inactive
  from tables t where t.id = any(ids) and t.restaurant_id = b.restaurant_id and not t.active;
  checks := checks || maitre_check('tables_active', jsonb_array_length(v_inactive) = 0, 'MTUNA',
    case when jsonb_array_length(v_inactive) = 0 then 'all tables are active'
         else format('inactive: %s', (select string_agg(v, ', ') from jsonb_array_elements_text(v_inactive) v)) end,
    jsonb_build_object('inactive', v_inactive));

  checks := checks || maitre_check('table_count', n <= max_tables, 'MTMRG',
    format('%s table(s), at most %s may be merged', n, max_tables),
    jsonb_build_object('count', n, 'maxTablesPerPlan', max_tables));

  select coalesce(jsonb_agg(t.label order by t.label), '[]'::jsonb) into v_not_mergeable
  from tables t where t.id = any(ids) and not t.mergeable;
  checks := checks || maitre_check('mergeable', n <= 1 or jsonb_array_length(v_not_mergeable) = 0, 'MTMRG',
    case when n <= 1 or jsonb_array_length(v_not_mergeable) = 0 then 'tables may be merged'
         else format('cannot be merged: %s', (select string_agg(v, ', ') from jsonb_array_elements_text(v_not_mergeable) v)) end,
    jsonb_build_object('notMergeable', v_not_mergeable));

  select count(distinct t.zone_id) into v_zone_count from tables t where t.id = any(ids);
  checks := checks || maitre_check('same_zone', v_zone_count <= 1 or (policy ->> 'allowCrossZone')::boolean, 'MTZON',
    format('tables span %s zone(s)', v_zone_count),
    jsonb_build_object('zones', v_zone_count, 'allowCrossZone', policy -> 'allowCrossZone'));

  -- Graph connectivity of the whole set (a chain A–B–C is connected; "each has some neighbour" is not enough).
  if n > 1 then
    with recursive edges as (
      select table_a as from_id, table_b as to_id from table_adjacency where table_a = any(ids) and table_b = any(ids)
      union all
      select table_b, table_a from table_adjacency where table_a = any(ids) and table_b = any(ids)
    ), reach(table_id) as (
      select ids[1]
      union
      select e.to_id from reach r join edges e on e.from_id = r.table_id
    )
    select array_agg(reach.table_id) into v_reached from reach;
  else
    v_reached := ids;
  end if;
  select coalesce(jsonb_agg(t.label order by t.label), '[]'::jsonb) into v_unreached
  from tables t where t.id = any(ids) and not (t.id = any(v_reached));
  checks := checks || maitre_check('connected',
    n <= 1 or not (policy ->> 'requireAdjacency')::boolean or jsonb_array_length(v_unreached) = 0, 'MTCON',
    case when jsonb_array_length(v_unreached) = 0 then 'tables form one connected group'
         when not (policy ->> 'requireAdjacency')::boolean then 'adjacency not required'
         else format('not connected to the rest: %s', (select string_agg(v, ', ') from jsonb_array_elements_text(v_unreached) v)) end,
    jsonb_build_object('unreached', v_unreached, 'requireAdjacency', policy -> 'requireAdjacency'));

  select coalesce(sum(t.capacity), 0), coalesce(max(t.min_party), 1) into v_seats, v_min_party
  from tables t where t.id = any(ids) and t.restaurant_id = b.restaurant_id;
  checks := checks || maitre_check('capacity',
    v_seats >= b.party_size and v_seats - b.party_size <= max_overage and b.party_size >= v_min_party, 'MTCAP',
    format('%s seat(s) for a party of %s (overage at most %s, smallest party %s)', v_seats, b.party_size,
      max_overage, v_min_party),
    jsonb_build_object('seats', v_seats, 'partySize', b.party_size, 'maxOverage', max_overage, 'minParty', v_min_party));

  v_conflicts := maitre_find_conflicts(b.id, ids, b.during);
  checks := checks || maitre_check('available', jsonb_array_length(v_conflicts) = 0, 'MTTAK',
    case when jsonb_array_length(v_conflicts) = 0 then format('%s free for the booking''s window', coalesce(v_labels, 'tables'))
         else maitre_describe_conflicts(v_conflicts) end,
    jsonb_build_object('conflicts', v_conflicts));
  return checks;
end $$;

-- Raises the first failed check with its SQLSTATE (same order as maitre_selection_checks lists them).
create function maitre_assert_selection(p_booking_id uuid, p_table_ids uuid[]) returns void language plpgsql as $$
declare
  c jsonb;
begin
  for c in select value from jsonb_array_elements(maitre_selection_checks(p_booking_id, p_table_ids)) loop
    if not (c ->> 'ok')::boolean then
      perform maitre_raise(c ->> 'sqlstate', c ->> 'message', c -> 'detail');
    end if;
  end loop;
end $$;
