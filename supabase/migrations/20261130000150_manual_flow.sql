-- Manual table choice by staff (issue #11, /api/staff/manual): a manager may override the planner's POLICY checks
-- (how many tables, mergeable, one zone, adjacency, capacity/overage) for one hold, with a reason. Never the
-- integrity checks (booking state, tables of this restaurant and active) nor a conflict: those stay absolute.
-- The override is stored on the hold and re-applied when the hold is confirmed, and confirm_hold copies it into
-- the history row of the assignment (booking_state_history.metadata.override), so who overrode what, and why,
-- stays on the booking after the hold is gone. confirm_hold also takes the steps that follow the assignment
-- (CONFIRM for an auto-confirming restaurant), as commit_assignment does, so a confirmed hold is confirmed and
-- its guest emailed in the same transaction.

alter table holds add column override jsonb;

-- The checks of maitre_selection_checks that are policy (the restaurant's planner settings), the only ones an
-- override may waive.
create function maitre_waivable_checks(p_override jsonb) returns text[] language sql immutable as $$
  select coalesce(array(
    select w from jsonb_array_elements_text(coalesce(p_override -> 'waive', '[]'::jsonb)) as w
    where w in ('table_count', 'mergeable', 'same_zone', 'connected', 'capacity')), '{}'::text[])
$$;

-- maitre_assert_selection, minus the waived policy checks (no override: exactly the two-argument version).
create function maitre_assert_selection(p_booking_id uuid, p_table_ids uuid[], p_override jsonb) returns void
language plpgsql as $$
declare
  c jsonb;
  v_waived text[] := maitre_waivable_checks(p_override);
begin
  if cardinality(v_waived) = 0 then
    perform maitre_assert_selection(p_booking_id, p_table_ids);
    return;
  end if;
  for c in select value from jsonb_array_elements(maitre_selection_checks(p_booking_id, p_table_ids)) loop
    if not (c ->> 'ok')::boolean and not ((c ->> 'check') = any(v_waived)) then
      perform maitre_raise(c ->> 'sqlstate', c ->> 'message', c -> 'detail');
    end if;
  end loop;
end $$;

-- create_hold with an optional override (see 20261122000310 for the rest of its contract).
drop function create_hold(uuid, integer, uuid[], text, text, integer, jsonb);
create function create_hold(p_booking_id uuid, p_expected_version integer, p_table_ids uuid[], p_source text,
  p_created_by text, p_ttl_seconds integer default null, p_plan jsonb default '{}'::jsonb,
  p_override jsonb default null) returns jsonb
language plpgsql as $$
declare
  b bookings;
  ids uuid[] := maitre_distinct_ids(p_table_ids);
  v_ttl integer;
  h holds;
  v_new_ids uuid[];
begin
  b := maitre_lock_booking(p_booking_id);
  perform maitre_assert_assignable(b, 'HOLD');
  perform maitre_assert_version(b, p_expected_version);
  select coalesce(p_ttl_seconds, r.hold_ttl_seconds) into v_ttl from restaurants r where r.id = b.restaurant_id;
  if v_ttl not between 30 and 600 then
    perform maitre_raise('MTVAL', format('hold TTL must be between 30 and 600 seconds, not %s', v_ttl),
      jsonb_build_object('ttlSeconds', v_ttl));
  end if;
  perform maitre_lock_tables(ids);
  perform maitre_delete_expired_holds(ids);
  delete from holds where booking_id = b.id;
  perform maitre_assert_selection(b.id, ids, p_override);
  insert into holds (restaurant_id, booking_id, source, created_by, table_ids, context_version, plan, expires_at,
                     override)
  values (b.restaurant_id, b.id, p_source, p_created_by, ids, b.state_version, coalesce(p_plan, '{}'::jsonb),
          now() + make_interval(secs => v_ttl), p_override)
  returning * into h;
  select coalesce(array_agg(tid order by tid), '{}'::uuid[]) into v_new_ids from unnest(ids) as tid
  where not exists (select 1 from allocations a where a.booking_id = b.id and a.kind = 'assignment' and a.table_id = tid);
  perform maitre_insert_allocations(b, v_new_ids, h.id, h.id, h.expires_at);
  return jsonb_build_object('holdId', h.id, 'bookingId', b.id, 'restaurantId', b.restaurant_id, 'tableIds', to_jsonb(ids),
    'expiresAt', h.expires_at, 'ttlSeconds', v_ttl, 'contextVersion', h.context_version);
end $$;

-- confirm_hold re-applies the hold's override and records it in the history row; p_then: the steps after the
-- assignment (CONFIRM for an auto-confirming restaurant, as commit_assignment takes them).
drop function confirm_hold(uuid, integer, text, text, text, text, text, jsonb, integer);
create function confirm_hold(p_hold_id uuid, p_expected_version integer, p_to_status text, p_event text,
  p_actor_type text, p_actor_id text, p_reason text default null, p_metadata jsonb default '{}'::jsonb,
  p_assignment_failures integer default null, p_then jsonb default '[]'::jsonb) returns jsonb
language plpgsql as $$
declare
  v_booking_id uuid;
  v_table_ids uuid[];
  b bookings;
  h holds;
  v_from text;
  v_group uuid := gen_random_uuid();
begin
  select booking_id, table_ids into v_booking_id, v_table_ids from holds where id = p_hold_id;
  if not found then
    perform maitre_raise('MTEXP', format('hold %s no longer exists (expired, released or already confirmed)', p_hold_id),
      jsonb_build_object('holdId', p_hold_id, 'reason', 'gone'));
  end if;
  b := maitre_lock_booking(v_booking_id);
  perform maitre_lock_tables(v_table_ids);
  select * into h from holds where id = p_hold_id for update;
  if not found then
    perform maitre_raise('MTEXP', format('hold %s was removed meanwhile', p_hold_id),
      jsonb_build_object('holdId', p_hold_id, 'reason', 'gone'));
  end if;
  if h.expires_at <= now() then
    perform maitre_raise('MTEXP', format('hold %s expired at %s', p_hold_id, h.expires_at),
      jsonb_build_object('holdId', p_hold_id, 'reason', 'expired', 'expiredAt', h.expires_at));
  end if;
  perform maitre_assert_assignable(b, p_event);
  perform maitre_assert_version(b, coalesce(p_expected_version, h.context_version));
  perform maitre_assert_version(b, h.context_version);
  v_from := b.status;
  perform maitre_delete_expired_holds(h.table_ids);
  perform maitre_assert_selection(b.id, h.table_ids, h.override);
  delete from allocations where booking_id = b.id and kind = 'assignment' and not (table_id = any(h.table_ids));
  update allocations set assignment_group = v_group where booking_id = b.id and kind = 'assignment';
  begin
    update allocations set kind = 'assignment', hold_id = null, expires_at = null, assignment_group = v_group,
                           during = b.during
    where hold_id = h.id;
  exception when exclusion_violation then
    perform maitre_raise('MTTAK', maitre_describe_conflicts(maitre_find_conflicts(b.id, h.table_ids, b.during)),
      jsonb_build_object('conflicts', maitre_find_conflicts(b.id, h.table_ids, b.during)));
  end;
  delete from holds where id = h.id;
  b := maitre_apply_transition(b, p_to_status, p_event, p_actor_type, p_actor_id, p_reason,
                               coalesce(p_metadata, '{}'::jsonb)
                                 || jsonb_build_object('holdId', h.id, 'tableIds', to_jsonb(h.table_ids))
                                 || case when h.override is null then '{}'::jsonb
                                         else jsonb_build_object('override', h.override) end,
                               p_assignment_failures);
  b := maitre_apply_steps(b, p_then, p_actor_type, p_actor_id);
  return maitre_booking_result(b, v_from) || jsonb_build_object('assignmentGroup', v_group, 'holdId', h.id);
end $$;
