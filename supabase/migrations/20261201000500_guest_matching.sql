-- Guests built from bookings (issue: restaurant setup, item 6). Every booking with an email or a phone is linked to
-- its restaurant's guest record; the record is created on the guest's first booking.

-- THE phone normalisation (server/guests/normalize-phone.ts is the same definition, unit-tested; keep both in step):
-- keep the digits, and a leading + when the number (trimmed) starts with one; anything else (spaces, dashes, dots,
-- brackets) is dropped. A result outside `^\+?[0-9]{4,20}$` (too short, too long, no digits) is no phone: null.
-- No country inference: "020 7946 0000" and "+44 20 7946 0000" are two numbers (the restaurant merges them).
create function maitre_normalize_phone(p_phone text) returns text language sql immutable parallel safe as $$
  select case when d ~ '^\+?[0-9]{4,20}$' then d end
  from (select case when btrim(p_phone) like '+%' then '+' else '' end
               || regexp_replace(p_phone, '[^0-9]', '', 'g') as d) s
$$;

-- Email: trimmed, lower case; empty is none.
create function maitre_normalize_email(p_email text) returns text language sql immutable parallel safe as $$
  select nullif(lower(btrim(p_email)), '')
$$;

-- The guest of (restaurant, email, phone): by email, else by phone, following merged_into to the survivor;
-- created when there is none. Concurrency-safe without locks: two first bookings of one guest at once both
-- INSERT … ON CONFLICT DO NOTHING (any of the unique constraints: email or phone), and the loser selects the
-- winner's row. Cost: one unique-index lookup (two for a phone-only or new guest), plus the insert when new.
-- Null without email and phone.
create function maitre_resolve_guest(p_restaurant_id uuid, p_name text, p_email text, p_phone text)
returns uuid language plpgsql as $$
declare
  v_email text := maitre_normalize_email(p_email);
  v_phone text := maitre_normalize_phone(p_phone);
  v_id uuid;
  v_next uuid;
  v_hops integer := 0;
begin
  if v_email is null and v_phone is null then return null; end if;
  for attempt in 1..2 loop
    if v_email is not null then
      select id, merged_into into v_id, v_next from guests where restaurant_id = p_restaurant_id and email = v_email;
    end if;
    if v_id is null and v_phone is not null then
      select id, merged_into into v_id, v_next from guests where restaurant_id = p_restaurant_id and phone = v_phone;
    end if;
    exit when v_id is not null;
    insert into guests (restaurant_id, name, email, phone)
      values (p_restaurant_id, btrim(p_name), v_email, v_phone)
      on conflict do nothing
      returning id into v_id;
    exit when v_id is not null;
    -- Lost a race to a concurrent first booking: its row is committed (ON CONFLICT waited for it); read it.
  end loop;
  -- A merged duplicate points at its survivor (merges re-point older duplicates, so this is one hop; bounded anyway).
  while v_next is not null and v_hops < 10 loop
    v_id := v_next;
    select merged_into into v_next from guests where id = v_id;
    v_hops := v_hops + 1;
  end loop;
  return v_id;
end $$;

create function maitre_link_booking_guest() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    -- Same contact as before: the link stands (a name-only edit costs nothing). Contact removed from a booking
    -- (staff edit, or erasure): it stays the guest's booking.
    if old.guest_id is not null
       and maitre_normalize_email(new.guest_email) is not distinct from maitre_normalize_email(old.guest_email)
       and maitre_normalize_phone(new.guest_phone) is not distinct from maitre_normalize_phone(old.guest_phone) then
      return new;
    end if;
    if maitre_normalize_email(new.guest_email) is null and maitre_normalize_phone(new.guest_phone) is null then
      return new;
    end if;
  end if;
  new.guest_id := maitre_resolve_guest(new.restaurant_id, new.guest_name, new.guest_email, new.guest_phone);
  return new;
end $$;

create trigger bookings_link_guest before insert or update of guest_email, guest_phone, guest_name on bookings
  for each row execute function maitre_link_booking_guest();

-- The guests list searches by name, and counts bookings per guest (bookings_guest_idx exists).
create index guests_restaurant_name_idx on guests (restaurant_id, lower(name));

-- Backfill: bookings made before this migration, oldest first (the first booking names the guest).
do $$
declare
  r record;
begin
  for r in
    select id, restaurant_id, guest_name, guest_email, guest_phone from bookings
    where guest_id is null and (guest_email is not null or guest_phone is not null)
    order by created_at, id
  loop
    update bookings set guest_id = maitre_resolve_guest(r.restaurant_id, r.guest_name, r.guest_email, r.guest_phone)
      where id = r.id;
  end loop;
end $$;
