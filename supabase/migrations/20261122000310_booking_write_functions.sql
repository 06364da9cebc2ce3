-- The atomic booking writes (ARCHITECTURE §3, issue #4). Every function: locks the booking row first, re-checks
-- state and version, queues behind other writers of the same tables (maitre_lock_tables, table order), deletes
-- expired holds on the tables it touches, validates the table set with
-- maitre_assert_selection, writes one allocation per table (the exclusion constraint is the last line of
-- defence; its violation is re-raised as MTTAK naming what conflicted), then records the status change through
-- maitre_apply_transition (one history row per change). Any failure raises, so the caller's transaction rolls
-- back and nothing changes: a failed write never removes tables a booking already had.
-- The target status and event come from the XState machine (server/booking/machine.ts); the trigger on bookings
-- rejects any pair the machine does not have.

create function maitre_lock_booking(p_booking_id uuid) returns bookings language plpgsql as $$
declare
  b bookings;
begin
  select * into b from bookings where id = p_booking_id for update;
  if not found then
    perform maitre_raise('MTNFD', format('booking %s not found', p_booking_id), jsonb_build_object('bookingId', p_booking_id));
  end if;
  return b;
end $$;

create function maitre_assert_version(b bookings, p_expected_version integer) returns void language plpgsql as $$
begin
  if p_expected_version is not null and b.state_version <> p_expected_version then
    perform maitre_raise('MTSTL',
      format('booking %s is at version %s (%s), not %s', b.reference, b.state_version, b.status, p_expected_version),
      jsonb_build_object('bookingId', b.id, 'reference', b.reference, 'status', b.status,
        'currentVersion', b.state_version, 'expectedVersion', p_expected_version));
  end if;
end $$;

-- Tables can be (re)assigned to an active booking that is not seated yet; an automatic success never overwrites
-- a booking that already has tables (the inline path and the job race; the loser learns ALREADY_ASSIGNED).
create function maitre_assert_assignable(b bookings, p_event text) returns void language plpgsql as $$
begin
  if b.status in ('assigned', 'confirmed') and p_event = 'ASSIGNMENT_SUCCEEDED' then
    perform maitre_raise('MTASG', format('booking %s already has tables (%s)', b.reference, b.status),
      jsonb_build_object('bookingId', b.id, 'status', b.status, 'currentVersion', b.state_version));
  end if;
  if b.status not in ('capacity_verified', 'assignment_pending', 'assignment_in_progress', 'manual_review', 'assigned', 'confirmed') then
    perform maitre_raise('MT422', format('booking %s is %s; tables cannot be assigned now', b.reference, b.status),
      jsonb_build_object('bookingId', b.id, 'status', b.status));
  end if;
end $$;

create function maitre_booking_result(b bookings, p_from_status text) returns jsonb language sql as $$
  select jsonb_build_object('bookingId', b.id, 'reference', b.reference, 'restaurantId', b.restaurant_id,
    'fromStatus', p_from_status, 'status', b.status, 'stateVersion', b.state_version,
    'assignmentFailures', b.assignment_failures,
    'tableIds', coalesce((select jsonb_agg(a.table_id order by a.table_id) from allocations a
                          where a.booking_id = b.id and a.kind = 'assignment'), '[]'::jsonb))
$$;

-- The one place a status changes: keeps allocations consistent with the status, bumps the version, writes the
-- history row. Statuses that own tables: assigned, confirmed, checked_in, completed, no_show (kept so an undone
-- no-show is still seated).
create function maitre_apply_transition(b bookings, p_to_status text, p_event text, p_actor_type text,
  p_actor_id text, p_reason text, p_metadata jsonb, p_assignment_failures integer) returns bookings
language plpgsql as $$
declare
  nb bookings;
begin
  if p_to_status in ('assigned', 'confirmed', 'checked_in')
     and not exists (select 1 from allocations a where a.booking_id = b.id and a.kind = 'assignment') then
    perform maitre_raise('MT422', format('booking %s has no tables, so it cannot become %s', b.reference, p_to_status),
      jsonb_build_object('bookingId', b.id, 'status', b.status, 'to', p_to_status, 'event', p_event),
      'Assign tables with commit_assignment or confirm_hold');
  end if;
  if p_to_status not in ('assigned', 'confirmed', 'checked_in', 'completed', 'no_show') then
    delete from allocations where booking_id = b.id and kind = 'assignment';
  end if;
  if p_to_status in ('cancelled', 'checked_in', 'completed', 'no_show') then
    delete from holds where booking_id = b.id;
  end if;
  -- Finishing early frees the table for the rest of the window.
  if p_to_status = 'completed' then
    update allocations set during = tstzrange(lower(during), now(), '[)')
    where booking_id = b.id and kind = 'assignment' and lower(during) < now() and upper(during) > now();
  end if;
  update bookings set
    status = p_to_status,
    state_version = b.state_version + 1,
    assignment_failures = coalesce(p_assignment_failures, assignment_failures),
    review_reason = case when p_to_status = 'manual_review' then coalesce(p_reason, review_reason)
                         when p_to_status = b.status then review_reason end
  where id = b.id
  returning * into nb;
  insert into booking_state_history (booking_id, restaurant_id, from_status, to_status, event, actor_type, actor_id,
                                     reason, version, metadata)
  values (b.id, b.restaurant_id, b.status, p_to_status, p_event, p_actor_type, p_actor_id, p_reason,
          nb.state_version, coalesce(p_metadata, '{}'::jsonb));
  return nb;
end $$;

-- One allocation per table, in table order (concurrent merges then queue in the same order instead of
-- deadlocking); an overlap becomes MTTAK listing what holds the tables.
create function maitre_insert_allocations(b bookings, p_table_ids uuid[], p_group uuid, p_hold_id uuid,
  p_expires_at timestamptz) returns void language plpgsql as $$
declare
  v_conflicts jsonb;
begin
  insert into allocations (restaurant_id, table_id, booking_id, hold_id, kind, during, assignment_group, expires_at)
  select b.restaurant_id, t, b.id, p_hold_id, case when p_hold_id is null then 'assignment' else 'hold' end,
         b.during, p_group, p_expires_at
  from unnest(p_table_ids) as t
  order by t;
exception when exclusion_violation then
  v_conflicts := maitre_find_conflicts(b.id, p_table_ids, b.during);
  perform maitre_raise('MTTAK', maitre_describe_conflicts(v_conflicts), jsonb_build_object('conflicts', v_conflicts));
end $$;

create function transition_booking(p_booking_id uuid, p_expected_version integer, p_to_status text, p_event text,
  p_actor_type text, p_actor_id text, p_reason text default null, p_metadata jsonb default '{}'::jsonb,
  p_assignment_failures integer default null) returns jsonb language plpgsql as $$
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
  return maitre_booking_result(b, v_from);
end $$;

-- Direct assignment from a plan; the booking's version is the fencing token (a planner working from an old
-- snapshot loses). The booking's own holds are superseded and its previous tables replaced.
create function commit_assignment(p_booking_id uuid, p_expected_version integer, p_table_ids uuid[],
  p_to_status text, p_event text, p_actor_type text, p_actor_id text, p_reason text default null,
  p_metadata jsonb default '{}'::jsonb, p_assignment_failures integer default null) returns jsonb
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
  return maitre_booking_result(b, v_from) || jsonb_build_object('assignmentGroup', v_group);
end $$;

-- Holds a table set for one booking for a few minutes (expiry = now + TTL, never the meal's end). One live hold
-- per booking: a new pick replaces the previous one. Tables the booking already sits at are kept by its
-- assignment and not double-allocated; confirm_hold keeps them.
create function create_hold(p_booking_id uuid, p_expected_version integer, p_table_ids uuid[], p_source text,
  p_created_by text, p_ttl_seconds integer default null, p_plan jsonb default '{}'::jsonb) returns jsonb
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
  perform maitre_assert_selection(b.id, ids);
  insert into holds (restaurant_id, booking_id, source, created_by, table_ids, context_version, plan, expires_at)
  values (b.restaurant_id, b.id, p_source, p_created_by, ids, b.state_version, coalesce(p_plan, '{}'::jsonb),
          now() + make_interval(secs => v_ttl))
  returning * into h;
  select coalesce(array_agg(tid order by tid), '{}'::uuid[]) into v_new_ids from unnest(ids) as tid
  where not exists (select 1 from allocations a where a.booking_id = b.id and a.kind = 'assignment' and a.table_id = tid);
  perform maitre_insert_allocations(b, v_new_ids, h.id, h.id, h.expires_at);
  return jsonb_build_object('holdId', h.id, 'bookingId', b.id, 'restaurantId', b.restaurant_id, 'tableIds', to_jsonb(ids),
    'expiresAt', h.expires_at, 'ttlSeconds', v_ttl, 'contextVersion', h.context_version);
end $$;

-- Turns a live hold into the booking's assignment in place (same rows, no window in which the tables are free),
-- transitions the booking and removes the hold. Refuses an expired hold and a hold taken on an older version.
create function confirm_hold(p_hold_id uuid, p_expected_version integer, p_to_status text, p_event text,
  p_actor_type text, p_actor_id text, p_reason text default null, p_metadata jsonb default '{}'::jsonb,
  p_assignment_failures integer default null) returns jsonb language plpgsql as $$
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
  -- Table locks before the hold's row lock: a writer that holds one of these tables may be deleting this very
  -- hold as expired; taking the row first would wait on it while it waits on us.
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
  -- Tables may have been deactivated or the policy changed since the hold: the same rules apply again.
  perform maitre_assert_selection(b.id, h.table_ids);
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
                                 || jsonb_build_object('holdId', h.id, 'tableIds', to_jsonb(h.table_ids)),
                               p_assignment_failures);
  return maitre_booking_result(b, v_from) || jsonb_build_object('assignmentGroup', v_group, 'holdId', h.id);
end $$;

-- Idempotent: releasing a hold that is already gone reports released = false.
create function release_hold(p_hold_id uuid) returns jsonb language plpgsql as $$
declare
  v_booking_id uuid;
  v_deleted uuid;
begin
  select booking_id into v_booking_id from holds where id = p_hold_id;
  if not found then
    return jsonb_build_object('holdId', p_hold_id, 'released', false);
  end if;
  perform maitre_lock_booking(v_booking_id);
  delete from holds where id = p_hold_id returning id into v_deleted;
  return jsonb_build_object('holdId', p_hold_id, 'bookingId', v_booking_id, 'released', v_deleted is not null);
end $$;

-- Removes some or all of a placed booking's tables. Staying in the same status (TABLES_CHANGED) requires the
-- remaining tables to seat the party under the same rules; otherwise the machine sends it back to
-- assignment_pending (UNASSIGN), which releases every table.
create function unassign_tables(p_booking_id uuid, p_expected_version integer, p_table_ids uuid[],
  p_to_status text, p_event text, p_actor_type text, p_actor_id text, p_reason text default null,
  p_metadata jsonb default '{}'::jsonb) returns jsonb language plpgsql as $$
declare
  b bookings;
  v_from text;
  v_current uuid[];
  v_remove uuid[];
  v_rest uuid[];
  v_foreign jsonb;
begin
  if p_expected_version is null then
    perform maitre_raise('MTVAL', 'unassign_tables needs the booking''s state_version');
  end if;
  b := maitre_lock_booking(p_booking_id);
  if b.status not in ('assigned', 'confirmed') then
    perform maitre_raise('MT422', format('booking %s is %s; only assigned or confirmed bookings have tables to unassign',
      b.reference, b.status), jsonb_build_object('bookingId', b.id, 'status', b.status));
  end if;
  perform maitre_assert_version(b, p_expected_version);
  v_from := b.status;
  select coalesce(array_agg(table_id order by table_id), '{}'::uuid[]) into v_current
  from allocations where booking_id = b.id and kind = 'assignment';
  v_remove := case when p_table_ids is null then v_current else maitre_distinct_ids(p_table_ids) end;
  select coalesce(jsonb_agg(tid), '[]'::jsonb) into v_foreign from unnest(v_remove) as tid where not (tid = any(v_current));
  if jsonb_array_length(v_foreign) > 0 then
    perform maitre_raise('MTUNA', format('%s table(s) are not assigned to booking %s', jsonb_array_length(v_foreign), b.reference),
      jsonb_build_object('notAssigned', v_foreign, 'assigned', to_jsonb(v_current)));
  end if;
  select coalesce(array_agg(tid order by tid), '{}'::uuid[]) into v_rest from unnest(v_current) as tid where not (tid = any(v_remove));
  if p_to_status = b.status then
    delete from allocations where booking_id = b.id and kind = 'assignment' and table_id = any(v_remove);
    perform maitre_assert_selection(b.id, v_rest);
  end if;
  b := maitre_apply_transition(b, p_to_status, p_event, p_actor_type, p_actor_id, p_reason,
                               coalesce(p_metadata, '{}'::jsonb)
                                 || jsonb_build_object('removed', to_jsonb(v_remove), 'kept', to_jsonb(v_rest)),
                               null);
  return maitre_booking_result(b, v_from) || jsonb_build_object('removedTableIds', to_jsonb(v_remove));
end $$;
