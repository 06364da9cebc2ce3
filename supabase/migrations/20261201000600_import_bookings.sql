-- Bulk booking import (issue: restaurant setup, item 7). A file of bookings is written in one call, set-based, in
-- the caller's transaction: any failure raises and the whole file is rolled back.
--
-- Every booking still follows the lifecycle: it is inserted as `created` at version 0 (the insert trigger insists)
-- with its CREATE history row, and then walks, one step per statement over all rows, the transitions the machine
-- (server/booking/machine.ts) planned for it in TypeScript, each step bumping state_version by one and writing
-- its history row; the transition trigger checks every (from, to) pair against booking_transitions as for any
-- other write. Allocations (one per table, the booking's window, one group per booking) are inserted before the
-- first step that needs tables, so the exclusion constraint is the last line of defence against an overlap the
-- TypeScript checks missed (a concurrent writer: the rows' tables are locked first, in table order, as every
-- booking write does).
--
-- p_rows: [{"id", "reference", "service_period_id", "guest_name", "guest_email", "guest_phone", "party_size",
--           "starts_at", "ends_at", "source", "notes", "tags": [..], "table_ids": [..],
--           "steps": [{"from", "to", "event", "reason"?, "metadata"?}]}]
-- Returns {"inserted": n, "allocations": n, "steps": n}.
create function maitre_import_bookings(p_restaurant_id uuid, p_rows jsonb, p_actor_type text, p_actor_id text,
  p_metadata jsonb default '{}'::jsonb) returns jsonb language plpgsql as $$
declare
  v_rows integer;
  v_allocations integer := 0;
  v_steps integer := 0;
  v_count integer;
  v_max integer;
  k integer;
  v_table_ids uuid[];
begin
  -- The rows and their steps, read out of the JSON once.
  create temp table maitre_import_rows on commit drop as
  select r.*
  from jsonb_to_recordset(p_rows) as r(id uuid, reference text, service_period_id uuid, guest_name text,
    guest_email text, guest_phone text, party_size integer, starts_at timestamptz, ends_at timestamptz,
    source text, notes text, tags jsonb, table_ids jsonb, "group" uuid, steps jsonb);
  create temp table maitre_import_steps on commit drop as
  select r.id, (s.n - 1)::integer as step_no, s.step->>'from' as from_status, s.step->>'to' as to_status,
         s.step->>'event' as event, s.step->>'reason' as reason,
         coalesce(p_metadata, '{}'::jsonb) || coalesce(s.step->'metadata', '{}'::jsonb) as metadata
  from maitre_import_rows r, jsonb_array_elements(coalesce(r.steps, '[]'::jsonb)) with ordinality as s(step, n);

  insert into bookings (id, restaurant_id, reference, service_period_id, guest_name, guest_email, guest_phone,
                        party_size, starts_at, ends_at, source, notes, tags)
  select r.id, p_restaurant_id, r.reference, r.service_period_id, r.guest_name, r.guest_email, r.guest_phone,
         r.party_size, r.starts_at, r.ends_at, r.source, r.notes,
         coalesce(array(select jsonb_array_elements_text(r.tags)), '{}'::text[])
  from maitre_import_rows r;
  get diagnostics v_rows = row_count;

  select coalesce(array_agg(distinct t::uuid order by t::uuid), '{}'::uuid[]) into v_table_ids
  from maitre_import_rows r, jsonb_array_elements_text(coalesce(r.table_ids, '[]'::jsonb)) as t;
  if cardinality(v_table_ids) > 0 then
    perform maitre_lock_tables(v_table_ids);
    perform maitre_delete_expired_holds(v_table_ids);
    begin
      insert into allocations (restaurant_id, table_id, booking_id, kind, during, assignment_group)
      select p_restaurant_id, t::uuid, r.id, 'assignment', tstzrange(r.starts_at, r.ends_at, '[)'), r."group"
      from maitre_import_rows r, jsonb_array_elements_text(coalesce(r.table_ids, '[]'::jsonb)) as t
      order by t::uuid;
      get diagnostics v_allocations = row_count;
    exception when exclusion_violation then
      perform maitre_raise('MTTAK', 'an imported booking overlaps another booking on one of its tables',
        jsonb_build_object('conflicts', '[]'::jsonb));
    end;
  end if;

  -- One statement per step for all the rows that take it (the trigger checks each row's from → to).
  select coalesce(max(s.step_no) + 1, 0) into v_max from maitre_import_steps s;
  for k in 0 .. v_max - 1 loop
    update bookings b set
      status = s.to_status,
      state_version = k + 1,
      review_reason = case when s.to_status = 'manual_review' then s.reason end
    from maitre_import_steps s
    where s.step_no = k and b.id = s.id and b.restaurant_id = p_restaurant_id;
    get diagnostics v_count = row_count;
    v_steps := v_steps + v_count;
  end loop;

  insert into booking_state_history (booking_id, restaurant_id, from_status, to_status, event, actor_type, actor_id,
                                     reason, version, metadata)
  select r.id, p_restaurant_id, null, 'created', 'CREATE', p_actor_type, p_actor_id, null, 0,
         coalesce(p_metadata, '{}'::jsonb)
  from maitre_import_rows r
  union all
  select s.id, p_restaurant_id, s.from_status, s.to_status, s.event, p_actor_type, p_actor_id, s.reason, s.step_no + 1,
         s.metadata
  from maitre_import_steps s;

  -- As maitre_apply_transition does: a party that finished while its window is still open frees its tables now.
  update allocations a set during = tstzrange(lower(a.during), now(), '[)')
  from maitre_import_rows r
  join bookings b on b.id = r.id
  where a.booking_id = r.id and b.status = 'completed' and a.kind = 'assignment'
    and lower(a.during) < now() and upper(a.during) > now();

  drop table maitre_import_steps;
  drop table maitre_import_rows;
  return jsonb_build_object('inserted', v_rows, 'allocations', v_allocations, 'steps', v_steps);
end $$;
