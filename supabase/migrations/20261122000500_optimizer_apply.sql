-- Applying an optimizer run (issue #6): move many bookings at once, all or nothing. Moving one booking at a time
-- cannot express swaps (A takes B's table while B takes A's), so this function first locks every affected booking
-- (in id order, so two appliers cannot deadlock) and checks each one's version against the preview's fence, then
-- takes the table locks, lifts all the moving bookings' allocations, and places each booking on its new tables
-- with the same validation as every other write (maitre_assert_selection) and a history row per booking.
-- The target status and event of each booking come from the XState machine in TypeScript.
create function apply_optimizer_moves(p_moves jsonb, p_actor_id text, p_reason text default null)
returns jsonb language plpgsql as $$
declare
  m jsonb;
  b bookings;
  v_stale jsonb := '[]'::jsonb;
  v_all_tables uuid[] := '{}';
  v_ids uuid[];
  v_results jsonb := '[]'::jsonb;
begin
  for m in select value from jsonb_array_elements(p_moves) order by value ->> 'bookingId' loop
    b := maitre_lock_booking((m ->> 'bookingId')::uuid);
    if b.state_version <> (m ->> 'expectedVersion')::integer then
      v_stale := v_stale || jsonb_build_object('bookingId', b.id, 'reference', b.reference, 'status', b.status,
        'expectedVersion', (m ->> 'expectedVersion')::integer, 'currentVersion', b.state_version);
    end if;
    v_all_tables := v_all_tables || array(select jsonb_array_elements_text(m -> 'tableIds')::uuid);
  end loop;
  if jsonb_array_length(v_stale) > 0 then
    perform maitre_raise('MTSTL', format('%s booking(s) changed since the preview', jsonb_array_length(v_stale)),
      jsonb_build_object('stale', v_stale), 'Preview the day again and apply the new run');
  end if;
  perform maitre_lock_tables(v_all_tables);
  perform maitre_delete_expired_holds(v_all_tables);
  delete from allocations a using jsonb_array_elements(p_moves) mv
  where a.booking_id = (mv.value ->> 'bookingId')::uuid and a.kind = 'assignment';
  for m in select value from jsonb_array_elements(p_moves) order by value ->> 'bookingId' loop
    select * into b from bookings where id = (m ->> 'bookingId')::uuid;
    v_ids := maitre_distinct_ids(array(select jsonb_array_elements_text(m -> 'tableIds')::uuid));
    delete from holds where booking_id = b.id;
    perform maitre_assert_selection(b.id, v_ids);
    perform maitre_insert_allocations(b, v_ids, gen_random_uuid(), null, null);
    b := maitre_apply_transition(b, m ->> 'toStatus', m ->> 'event', 'optimizer', p_actor_id, p_reason,
           jsonb_build_object('tableIds', to_jsonb(v_ids), 'runId', p_actor_id), 0);
    v_results := v_results || jsonb_build_object('bookingId', b.id, 'status', b.status, 'stateVersion', b.state_version,
                                                 'tableIds', to_jsonb(v_ids));
  end loop;
  return v_results;
end $$;
