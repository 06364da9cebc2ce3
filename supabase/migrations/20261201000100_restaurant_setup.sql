-- Restaurant setup in the browser (issue: restaurant setup). The shared data model; the logic that uses it (guest
-- matching trigger, invites, exceptions in availability …) lives in the later migrations and server/setup.

-- 1. A restaurant's identity and booking window.
alter table restaurants
  add column locale text not null default 'en-GB' check (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
  add column currency text not null default 'GBP' check (currency ~ '^[A-Z]{3}$'),
  -- Last-minute cut-off: online bookings must start at least this many minutes from now (0 = up to the slot).
  add column booking_cutoff_minutes integer not null default 0 check (booking_cutoff_minutes between 0 and 10080);

create or replace function maitre_bump_rules_version_on_restaurant() returns trigger language plpgsql as $$
begin
  if (new.timezone, new.slot_minutes, new.max_party_size, new.auto_confirm, new.no_show_undo_minutes,
      new.check_in_lead_minutes, new.booking_horizon_days, new.booking_cutoff_minutes)
     is distinct from
     (old.timezone, old.slot_minutes, old.max_party_size, old.auto_confirm, old.no_show_undo_minutes,
      old.check_in_lead_minutes, old.booking_horizon_days, old.booking_cutoff_minutes) then
    new.rules_version := old.rules_version + 1;
  end if;
  return new;
end $$;

-- 2. Zones carry a colour for the floor plan.
alter table zones add column color text not null default '#64748b' check (color ~ '^#[0-9a-f]{6}$');

-- 3. Date exceptions to the weekly service hours: a closed day (whole day or one service), or special hours.
create table service_exceptions (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  service_date date not null,
  -- null: the whole day; else only that service period.
  service_period_id uuid,
  closed boolean not null,
  opens_at time,
  last_seating_at time,
  closes_at time,
  note text,
  created_at timestamptz not null default now(),
  check (closed or (opens_at is not null and last_seating_at is not null and closes_at is not null
                    and opens_at <= last_seating_at and last_seating_at < closes_at)),
  check (not closed or (opens_at is null and last_seating_at is null and closes_at is null)),
  -- Special hours belong to one service.
  check (closed or service_period_id is not null),
  foreign key (restaurant_id, service_period_id) references service_periods (restaurant_id, id) on delete cascade
);
create unique index service_exceptions_day_idx
  on service_exceptions (restaurant_id, service_date, coalesce(service_period_id, '00000000-0000-0000-0000-000000000000'::uuid));
create trigger service_exceptions_bump_rules_version after insert or update or delete on service_exceptions
  for each row execute function maitre_bump_rules_version();

-- 4. Team invitations: a link valid 7 days; only the token's hash is stored.
create table staff_invites (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  role text not null check (role in ('owner', 'manager', 'host')),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  check (expires_at > created_at)
);
create index staff_invites_restaurant_idx on staff_invites (restaurant_id, created_at);

alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('booking_confirmed', 'booking_cancelled', 'booking_changed', 'staff_invite'));

-- 5. Guests: one record per email / phone per restaurant, built from bookings. A merged duplicate keeps its email
--    and phone and points at the record it was merged into, so its future bookings find the survivor.
create table guests (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  name text not null check (length(btrim(name)) > 0),
  email text check (email is null or email = lower(email)),
  -- Digits with an optional leading +, as normalised by server/guests.
  phone text check (phone is null or phone ~ '^\+?[0-9]{4,20}$'),
  notes text,
  tags text[] not null default '{}',
  merged_into uuid,
  erased_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (restaurant_id, id),
  unique (restaurant_id, email),
  unique (restaurant_id, phone),
  check (merged_into is null or merged_into <> id),
  foreign key (restaurant_id, merged_into) references guests (restaurant_id, id)
);
create trigger guests_updated_at before update on guests
  for each row execute function maitre_touch_updated_at();

alter table bookings add column guest_id uuid;
alter table bookings add constraint bookings_guest_fk
  foreign key (restaurant_id, guest_id) references guests (restaurant_id, id);
create index bookings_guest_idx on bookings (guest_id) where guest_id is not null;

-- Row-level security for the new tenant tables (as 20261130000900): members read their restaurants' rows; the
-- invite token hash is never readable.
alter table service_exceptions enable row level security;
alter table staff_invites enable row level security;
alter table guests enable row level security;
revoke all on table service_exceptions, staff_invites, guests from anon, authenticated;
create policy member_read on service_exceptions for select to authenticated
  using (restaurant_id in (select maitre_rls_restaurant_ids()));
create policy member_read on staff_invites for select to authenticated
  using (restaurant_id in (select maitre_rls_restaurant_ids()));
create policy member_read on guests for select to authenticated
  using (restaurant_id in (select maitre_rls_restaurant_ids()));
grant select on table service_exceptions, guests to authenticated;
grant select (id, restaurant_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at)
  on table staff_invites to authenticated;
