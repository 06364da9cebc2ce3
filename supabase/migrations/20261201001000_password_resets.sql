-- Password resets (local accounts): a manager sends a member a link that works once, for 24 hours; only the token's
-- hash is stored. The restaurant is the one whose manager sent it (the email's sender, and the link stops working
-- if the member leaves that team).
create table staff_password_resets (
  id uuid primary key default gen_random_uuid(),
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  restaurant_id uuid not null references restaurants (id) on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  requested_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  check (expires_at > created_at)
);
create index staff_password_resets_user_idx on staff_password_resets (staff_user_id, created_at);

alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('booking_confirmed', 'booking_cancelled', 'booking_changed', 'staff_invite', 'staff_password_reset'));

-- Row-level security as for staff_invites: members read their restaurants' rows (who was sent a link, when); the
-- token hash is never readable.
alter table staff_password_resets enable row level security;
revoke all on table staff_password_resets from anon, authenticated;
create policy member_read on staff_password_resets for select to authenticated
  using (restaurant_id in (select maitre_rls_restaurant_ids()));
grant select (id, staff_user_id, restaurant_id, requested_by, created_at, expires_at, used_at, revoked_at)
  on table staff_password_resets to authenticated;
