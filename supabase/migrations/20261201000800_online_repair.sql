-- Online repair (issue #14): before a booking that found no plan goes to manual review, the coordinator may move a
-- few placed bookings to seat it. A restaurant can switch it off, bound the moves, and keep the host's next
-- minutes untouched (bookings starting within the freeze window are never moved).
alter table restaurants
  add column online_repair_enabled boolean not null default true,
  add column online_repair_max_moves integer not null default 3
    check (online_repair_max_moves between 1 and 10),
  add column online_repair_freeze_minutes integer not null default 30
    check (online_repair_freeze_minutes between 0 and 720);

-- The moves of one repair, all or nothing, in the same transaction as the new booking's commit_assignment (the
-- caller's). Like apply_optimizer_moves: every moved booking is locked (in id order, so two repairs cannot
-- deadlock) and its version checked against the plan's fence BEFORE anything is written; then the tables are
-- locked, the moving bookings' allocations lifted (a chain may hand one's tables to another), and each is placed
-- on its new tables with the same validation as every other write and a history row with its own reason.
-- A changed booking raises MTSTL with `repairStale` in DETAIL (the caller tells it from the new booking's own
-- fence); a table taken meanwhile raises MTTAK from maitre_insert_allocations. Either way the transaction, and
-- so the new booking's assignment, rolls back.
create function apply_repair_moves(p_moves jsonb, p_actor_id text) returns jsonb language plpgsql as $$
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
    if b.state_version <> (m ->> 'expectedVersion')::integer or b.pinned then
      v_stale := v_stale || jsonb_build_object('bookingId', b.id, 'reference', b.reference, 'status', b.status,
        'expectedVersion', (m ->> 'expectedVersion')::integer, 'currentVersion', b.state_version,
        'pinned', b.pinned);
    end if;
    v_all_tables := v_all_tables || array(select jsonb_array_elements_text(m -> 'tableIds')::uuid);
  end loop;
  if jsonb_array_length(v_stale) > 0 then
    perform maitre_raise('MTSTL', format('%s booking(s) to move changed since the repair was planned',
      jsonb_array_length(v_stale)), jsonb_build_object('repairStale', v_stale),
      'Nothing was moved; the booking goes to review');
  end if;
  perform maitre_lock_tables(v_all_tables);
  perform maitre_delete_expired_holds(v_all_tables);
  delete from allocations a using jsonb_array_elements(p_moves) mv
  where a.booking_id = (mv.value ->> 'bookingId')::uuid and a.kind = 'assignment';
  for m in select value from jsonb_array_elements(p_moves) order by value ->> 'bookingId' loop
    select * into b from bookings where id = (m ->> 'bookingId')::uuid;
    v_ids := maitre_distinct_ids(array(select jsonb_array_elements_text(m -> 'tableIds')::uuid));
    perform maitre_assert_selection(b.id, v_ids);
    perform maitre_insert_allocations(b, v_ids, gen_random_uuid(), null, null);
    b := maitre_apply_transition(b, m ->> 'toStatus', m ->> 'event', 'optimizer', p_actor_id, m ->> 'reason',
           coalesce(m -> 'metadata', '{}'::jsonb) || jsonb_build_object('tableIds', to_jsonb(v_ids)), null);
    v_results := v_results || jsonb_build_object('bookingId', b.id, 'status', b.status,
                                                 'stateVersion', b.state_version, 'tableIds', to_jsonb(v_ids));
  end loop;
  return v_results;
end $$;
