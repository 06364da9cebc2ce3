-- Staff edits of a booking (PATCH /api/ops/bookings/{id}: start, party size, notes) as one atomic write. Under the
-- booking's row lock and its compare-and-set version: the new fields (the app computed the window from the service
-- period), then — for a placed booking whose window or party changed — whether its tables still seat it: same
-- checks as any assignment (maitre_assert_selection: capacity, policy, conflicts in the new window) and its
-- allocations moved to the new window. If they do not fit, that attempt is rolled back (a subtransaction) and the
-- machine's misfit step the app planned (UNASSIGN → assignment_pending) releases them; the coordinator then plans
-- again. Every edit is a versioned history row (event EDIT, status unchanged; metadata names the changes).

create function edit_booking(p_booking_id uuid, p_expected_version integer, p_changes jsonb, p_actor_type text,
  p_actor_id text, p_metadata jsonb default '{}'::jsonb, p_misfit_to text default null,
  p_misfit_event text default null, p_misfit_reason text default null) returns jsonb
language plpgsql as $$
declare
  b bookings;
  v_from text;
  v_old_during tstzrange;
  v_old_party integer;
  v_tables uuid[];
  v_kept boolean := null;
begin
  if p_expected_version is null then
    perform maitre_raise('MTVAL', 'edit_booking needs the booking''s state_version (compare-and-set)');
  end if;
  b := maitre_lock_booking(p_booking_id);
  perform maitre_assert_version(b, p_expected_version);
  v_from := b.status;
  v_old_during := b.during;
  v_old_party := b.party_size;
  update bookings set
    starts_at = coalesce((p_changes ->> 'startsAt')::timestamptz, starts_at),
    ends_at = coalesce((p_changes ->> 'endsAt')::timestamptz, ends_at),
    party_size = coalesce((p_changes ->> 'partySize')::integer, party_size),
    service_period_id = case when p_changes ? 'servicePeriodId' then (p_changes ->> 'servicePeriodId')::uuid
                             else service_period_id end,
    notes = case when p_changes ? 'notes' then p_changes ->> 'notes' else notes end
  where id = b.id
  returning * into b;
  select array_agg(table_id order by table_id) into v_tables
  from allocations where booking_id = b.id and kind = 'assignment';
  if v_tables is not null and b.status in ('assigned', 'confirmed')
     and (b.during <> v_old_during or b.party_size <> v_old_party) then
    perform maitre_lock_tables(v_tables);
    perform maitre_delete_expired_holds(v_tables);
    -- Holds were taken for the old window; they would no longer mean what staff saw.
    delete from holds where booking_id = b.id;
    begin
      perform maitre_assert_selection(b.id, v_tables);
      update allocations set during = b.during where booking_id = b.id and kind = 'assignment';
      v_kept := true;
    exception when others then
      if sqlstate not in ('23P01', 'MTTAK', 'MTCAP', 'MTMRG', 'MTCON', 'MTZON', 'MTUNA') then
        raise;
      end if;
      v_kept := false;
    end;
  end if;
  if v_kept = false and p_misfit_to is null then
    perform maitre_raise('MT422', format('booking %s no longer fits its tables', b.reference),
      jsonb_build_object('bookingId', b.id, 'status', b.status));
  end if;
  b := maitre_apply_transition(b, b.status, 'EDIT', p_actor_type, p_actor_id, null,
                               coalesce(p_metadata, '{}'::jsonb) || jsonb_build_object('keptTables', v_kept), null);
  if v_kept = false then
    b := maitre_apply_transition(b, p_misfit_to, p_misfit_event, p_actor_type, p_actor_id, p_misfit_reason,
                                 jsonb_build_object('releasedTableIds', to_jsonb(v_tables)), null);
  end if;
  return maitre_booking_result(b, v_from) || jsonb_build_object('keptTables', v_kept);
end $$;
