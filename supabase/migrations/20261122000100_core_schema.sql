-- Maitre core schema (ARCHITECTURE §3). Postgres is the final arbiter of every invariant: composite foreign keys
-- keep every row inside one restaurant, CHECKs keep values sane, the exclusion constraint on allocations makes a
-- double booking impossible, and a trigger keeps booking status changes on the lifecycle machine's edges.
create extension if not exists btree_gist;

-- Rejects unknown IANA zone names at write time (a CHECK cannot call a non-immutable function).
create function maitre_assert_timezone() returns trigger language plpgsql as $$
begin
  perform now() at time zone new.timezone;
  return new;
exception when invalid_parameter_value then
  raise exception 'unknown time zone "%"', new.timezone using errcode = '22023', hint = 'Use an IANA name such as Europe/London';
end $$;

create function maitre_touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

create table restaurants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (length(btrim(name)) > 0),
  timezone text not null,
  slot_minutes integer not null default 15 check (slot_minutes in (5, 10, 15, 20, 30, 60)),
  hold_ttl_seconds integer not null default 120 check (hold_ttl_seconds between 30 and 600),
  max_party_size integer not null default 12 check (max_party_size between 1 and 100),
  auto_confirm boolean not null default true,
  -- Lifecycle guards (ARCHITECTURE §4): how long a no-show can be undone, how early a party may be checked in.
  no_show_undo_minutes integer not null default 120 check (no_show_undo_minutes between 0 and 1440),
  check_in_lead_minutes integer not null default 60 check (check_in_lead_minutes between 0 and 1440),
  -- Validated by zod in server/planner (policy + strategy weights); unknown keys are ignored there.
  planner_config jsonb not null default '{}'::jsonb check (jsonb_typeof(planner_config) = 'object'),
  optimizer_config jsonb not null default '{}'::jsonb check (jsonb_typeof(optimizer_config) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger restaurants_timezone before insert or update of timezone on restaurants
  for each row execute function maitre_assert_timezone();
create trigger restaurants_updated_at before update on restaurants
  for each row execute function maitre_touch_updated_at();

-- A service period repeats on the given ISO weekdays (1 = Monday … 7 = Sunday) in the restaurant's time zone.
-- Seatings start in [opens_at, last_seating_at]; every party has left by closes_at (same calendar day).
create table service_periods (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  name text not null check (length(btrim(name)) > 0),
  days_of_week smallint[] not null
    check (cardinality(days_of_week) > 0 and days_of_week <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  opens_at time not null,
  last_seating_at time not null,
  closes_at time not null,
  buffer_minutes integer not null default 15 check (buffer_minutes between 0 and 120),
  -- Pacing caps per slot (covers starting in one slot); null = no cap.
  pacing_covers_per_slot integer check (pacing_covers_per_slot > 0),
  pacing_online_covers_per_slot integer check (pacing_online_covers_per_slot > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (opens_at <= last_seating_at and last_seating_at < closes_at),
  check (pacing_online_covers_per_slot is null or pacing_covers_per_slot is null
         or pacing_online_covers_per_slot <= pacing_covers_per_slot),
  unique (restaurant_id, name),
  unique (restaurant_id, id)
);

-- Turn time by party size: the row with the smallest max_party_size >= party applies.
create table service_turn_times (
  service_period_id uuid not null references service_periods (id) on delete cascade,
  max_party_size integer not null check (max_party_size between 1 and 100),
  turn_minutes integer not null check (turn_minutes between 15 and 480),
  primary key (service_period_id, max_party_size)
);

create table zones (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  name text not null check (length(btrim(name)) > 0),
  sort_order integer not null default 0,
  unique (restaurant_id, name),
  unique (restaurant_id, id)
);

create table tables (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  zone_id uuid not null,
  label text not null check (length(btrim(label)) > 0),
  capacity integer not null check (capacity between 1 and 40),
  min_party integer not null default 1 check (min_party >= 1),
  mergeable boolean not null default true,
  priority integer not null default 0,
  online_bookable boolean not null default true,
  active boolean not null default true,
  -- Floor-plan geometry in plan units (the floor plan scales them); rotation in degrees.
  x real not null default 0,
  y real not null default 0,
  width real not null default 1 check (width > 0),
  height real not null default 1 check (height > 0),
  rotation real not null default 0 check (rotation >= 0 and rotation < 360),
  shape text not null default 'rect' check (shape in ('rect', 'round')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (min_party <= capacity),
  unique (restaurant_id, label),
  unique (restaurant_id, id),
  -- NO ACTION (checked at statement end), so deleting a restaurant cascades through zones and tables alike.
  foreign key (restaurant_id, zone_id) references zones (restaurant_id, id)
);
create index tables_zone_idx on tables (zone_id);
create trigger tables_updated_at before update on tables
  for each row execute function maitre_touch_updated_at();

-- Undirected by construction: one row per pair, smaller id first. Both ends belong to the same restaurant.
create table table_adjacency (
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  table_a uuid not null,
  table_b uuid not null,
  primary key (table_a, table_b),
  check (table_a < table_b),
  foreign key (restaurant_id, table_a) references tables (restaurant_id, id) on delete cascade,
  foreign key (restaurant_id, table_b) references tables (restaurant_id, id) on delete cascade
);
create index table_adjacency_restaurant_idx on table_adjacency (restaurant_id);
create index table_adjacency_b_idx on table_adjacency (table_b);

create table bookings (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  reference text not null unique check (reference ~ '^[A-Z0-9]{4,12}$'),
  service_period_id uuid,
  guest_name text not null check (length(btrim(guest_name)) > 0),
  guest_email text check (guest_email is null or guest_email ~ '^[^@\s]+@[^@\s]+$'),
  guest_phone text,
  party_size integer not null check (party_size between 1 and 100),
  -- The single duration source: computed once at creation (turn time by party size + buffer).
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  during tstzrange generated always as (tstzrange(starts_at, ends_at, '[)')) stored,
  source text not null check (source in ('online', 'phone', 'walk_in', 'ops')),
  notes text,
  tags text[] not null default '{}',
  preferred_zone_id uuid,
  status text not null default 'created' check (status in (
    'created', 'capacity_verified', 'assignment_pending', 'assignment_in_progress', 'assigned', 'confirmed',
    'checked_in', 'completed', 'manual_review', 'cancelled', 'no_show')),
  state_version integer not null default 0 check (state_version >= 0),
  -- Failed automatic attempts since the last success or manual action; the machine's retry guard reads it.
  assignment_failures integer not null default 0 check (assignment_failures >= 0),
  review_reason text,
  -- Pinned bookings are never moved by the optimizer.
  pinned boolean not null default false,
  idempotency_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  unique (restaurant_id, idempotency_key),
  unique (restaurant_id, id),
  foreign key (restaurant_id, service_period_id) references service_periods (restaurant_id, id),
  foreign key (restaurant_id, preferred_zone_id) references zones (restaurant_id, id)
);
create index bookings_restaurant_starts_idx on bookings (restaurant_id, starts_at);
create index bookings_restaurant_status_idx on bookings (restaurant_id, status, starts_at);
create trigger bookings_updated_at before update on bookings
  for each row execute function maitre_touch_updated_at();

-- The allowed (from, to) status pairs. Generated from the XState machine in server/booking/machine.ts; a test
-- asserts this table equals the machine. Self-transitions (same status, new version) need no row.
create table booking_transitions (
  from_status text not null,
  to_status text not null,
  primary key (from_status, to_status),
  check (from_status <> to_status)
);

create function maitre_enforce_booking_transition() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.status <> 'created' or new.state_version <> 0 then
      raise exception 'a booking starts in status created at version 0, not % at %', new.status, new.state_version
        using errcode = 'MT422', hint = 'Create the booking, then move it with transition_booking';
    end if;
    return new;
  end if;
  if new.status is distinct from old.status then
    if not exists (select 1 from booking_transitions t where t.from_status = old.status and t.to_status = new.status) then
      raise exception 'booking % cannot move from % to %', old.reference, old.status, new.status
        using errcode = 'MT422', hint = 'Only the lifecycle machine''s transitions are allowed';
    end if;
    if new.state_version <= old.state_version then
      raise exception 'booking % changed status without a new state_version', old.reference
        using errcode = 'MT409', hint = 'Status changes go through transition_booking, which bumps the version';
    end if;
  end if;
  return new;
end $$;
create trigger bookings_enforce_transition before insert or update on bookings
  for each row execute function maitre_enforce_booking_transition();

create table booking_state_history (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references bookings (id) on delete cascade,
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  from_status text,
  to_status text not null,
  event text not null,
  actor_type text not null check (actor_type in ('system', 'staff', 'api_key', 'guest', 'coordinator', 'optimizer')),
  actor_id text,
  reason text,
  version integer not null check (version >= 0),
  metadata jsonb not null default '{}'::jsonb,
  at timestamptz not null default now(),
  unique (booking_id, version)
);

create table holds (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  booking_id uuid not null,
  source text not null check (source in ('manual', 'auto_quote')),
  created_by text not null,
  table_ids uuid[] not null check (cardinality(table_ids) > 0),
  -- The booking's state_version when the hold was taken: confirm refuses a hold for a booking changed since.
  context_version integer not null,
  plan jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  -- now() + TTL; never "until the meal ends": an abandoned hold frees its tables within minutes.
  expires_at timestamptz not null,
  check (expires_at > created_at),
  unique (restaurant_id, id),
  foreign key (restaurant_id, booking_id) references bookings (restaurant_id, id) on delete cascade
);
create index holds_booking_idx on holds (booking_id);
create index holds_expires_idx on holds (expires_at);

-- One row per physical table. The exclusion constraint is the last line of defence against double booking;
-- half-open ranges make back-to-back seatings legal.
create table allocations (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  table_id uuid not null,
  booking_id uuid not null,
  hold_id uuid references holds (id) on delete cascade,
  kind text not null check (kind in ('assignment', 'hold')),
  during tstzrange not null check (not isempty(during) and lower_inc(during) and not upper_inc(during)
                                   and not lower_inf(during) and not upper_inf(during)),
  -- Tables allocated together (a merge) share a group id.
  assignment_group uuid not null,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  check ((kind = 'hold') = (hold_id is not null)),
  check ((kind = 'hold') = (expires_at is not null)),
  foreign key (restaurant_id, table_id) references tables (restaurant_id, id),
  foreign key (restaurant_id, booking_id) references bookings (restaurant_id, id) on delete cascade,
  constraint allocations_no_overlap exclude using gist (table_id with =, during with &&)
);
create index allocations_restaurant_during_idx on allocations using gist (restaurant_id, during);
create index allocations_booking_idx on allocations (booking_id);
create index allocations_hold_idx on allocations (hold_id) where hold_id is not null;
create index allocations_expiring_idx on allocations (expires_at) where kind = 'hold';

-- Stripe semantics: same scope + key + request hash replays the stored response; another hash is refused.
create table idempotency_keys (
  scope text not null,
  key text not null check (length(key) between 1 and 255),
  request_hash text not null,
  status_code integer check (status_code between 100 and 599),
  response_body jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (scope, key)
);
create index idempotency_keys_expires_idx on idempotency_keys (expires_at);

create table assignment_attempts (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  booking_id uuid not null,
  trigger text not null check (trigger in ('inline', 'job', 'manual', 'optimizer', 'bulk')),
  attempt integer not null default 1 check (attempt >= 1),
  strategy text,
  outcome text not null check (outcome in (
    'assigned', 'already_assigned', 'no_plan', 'conflict', 'lock_busy', 'stale', 'timeout', 'error', 'skipped')),
  reason_code text,
  duration_ms real not null check (duration_ms >= 0),
  planner_stats jsonb not null default '{}'::jsonb,
  table_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  foreign key (restaurant_id, booking_id) references bookings (restaurant_id, id) on delete cascade
);
create index assignment_attempts_restaurant_idx on assignment_attempts (restaurant_id, created_at);
create index assignment_attempts_booking_idx on assignment_attempts (booking_id, created_at);

create table optimizer_runs (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  service_date date not null,
  service_period_id uuid,
  status text not null check (status in ('previewed', 'applied', 'stale', 'rejected')),
  solver text not null,
  baseline_metrics jsonb not null,
  proposed_metrics jsonb not null,
  moves jsonb not null default '[]'::jsonb check (jsonb_typeof(moves) = 'array'),
  -- booking id -> state_version at preview time: apply refuses if any of them moved on.
  plan_fence jsonb not null default '{}'::jsonb check (jsonb_typeof(plan_fence) = 'object'),
  reason text,
  created_by text not null,
  created_at timestamptz not null default now(),
  applied_at timestamptz,
  foreign key (restaurant_id, service_period_id) references service_periods (restaurant_id, id)
);
create index optimizer_runs_restaurant_idx on optimizer_runs (restaurant_id, service_date, created_at);

create table notifications (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  booking_id uuid,
  kind text not null check (kind in ('booking_confirmed', 'booking_cancelled', 'booking_changed')),
  -- Exactly-once guest email: a retried job finds the key taken and sends nothing.
  dedupe_key text not null unique,
  recipient text not null,
  subject text not null,
  body_text text not null,
  body_html text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  foreign key (restaurant_id, booking_id) references bookings (restaurant_id, id) on delete cascade
);
create index notifications_restaurant_idx on notifications (restaurant_id, created_at);

create table staff_users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  display_name text not null check (length(btrim(display_name)) > 0),
  -- scrypt$N$r$p$salt$hash for local sign-in; null for Supabase-only users.
  password_hash text,
  supabase_user_id uuid unique,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (email)
);

create table restaurant_memberships (
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  role text not null check (role in ('owner', 'manager', 'host')),
  created_at timestamptz not null default now(),
  primary key (staff_user_id, restaurant_id)
);
create index restaurant_memberships_restaurant_idx on restaurant_memberships (restaurant_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  name text not null,
  -- The first characters of the key, shown in the UI and used to find the row; the key itself is never stored.
  prefix text not null unique check (length(prefix) between 8 and 32),
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null default array['bookings:read', 'bookings:write', 'availability:read'],
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_restaurant_idx on api_keys (restaurant_id);
