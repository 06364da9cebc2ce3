-- Booking horizon and per-client idempotency (issue: the cracks in POST /api/bookings).
--
-- 1. How far ahead a booking may be made is a restaurant setting (default 365 days); it is one of the booking
--    rules, so changing it bumps rules_version like the other rules.
alter table restaurants add column booking_horizon_days integer not null default 365
  check (booking_horizon_days between 1 and 3650);

create or replace function maitre_bump_rules_version_on_restaurant() returns trigger language plpgsql as $$
begin
  if (new.timezone, new.slot_minutes, new.max_party_size, new.auto_confirm, new.no_show_undo_minutes,
      new.check_in_lead_minutes, new.booking_horizon_days)
     is distinct from
     (old.timezone, old.slot_minutes, old.max_party_size, old.auto_confirm, old.no_show_undo_minutes,
      old.check_in_lead_minutes, old.booking_horizon_days) then
    new.rules_version := old.rules_version + 1;
  end if;
  return new;
end $$;

-- 2. An Idempotency-Key belongs to the client that sent it (an API key, a member of staff), not to the whole
--    restaurant: two booking clients of one restaurant may pick the same key without seeing each other's booking.
--    The request's canonical hash is kept so a replay is compared with the WHOLE first request (notes, zone …),
--    also after staff edited the booking. Keys written before this migration were restaurant-wide.
alter table bookings add column idempotency_scope text, add column idempotency_request_hash text;
update bookings set idempotency_scope = 'restaurant' where idempotency_key is not null;
alter table bookings drop constraint bookings_restaurant_id_idempotency_key_key;
alter table bookings add constraint bookings_idempotency_key_per_scope
  unique (restaurant_id, idempotency_scope, idempotency_key);
alter table bookings add constraint bookings_idempotency_scope_with_key
  check ((idempotency_key is null) = (idempotency_scope is null));

create or replace function create_booking(p_booking jsonb, p_actor_type text, p_actor_id text, p_metadata jsonb,
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
                        party_size, starts_at, ends_at, source, notes, tags, preferred_zone_id, idempotency_key,
                        idempotency_scope, idempotency_request_hash)
  values (v_restaurant, p_booking->>'reference', (p_booking->>'service_period_id')::uuid,
          p_booking->>'guest_name', p_booking->>'guest_email', p_booking->>'guest_phone',
          v_party, (p_booking->>'starts_at')::timestamptz,
          (p_booking->>'ends_at')::timestamptz, p_booking->>'source', p_booking->>'notes',
          coalesce(array(select jsonb_array_elements_text(p_booking->'tags')), '{}'::text[]),
          (p_booking->>'preferred_zone_id')::uuid, p_booking->>'idempotency_key',
          p_booking->>'idempotency_scope', p_booking->>'idempotency_request_hash')
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
