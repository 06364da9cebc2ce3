-- Staff sessions (issue: staff sign-in and the whole HTTP API, first slice: local accounts).
--
-- The session cookie is a signed, expiring token (HS256 with SESSION_SECRET) that carries only a session id; the
-- session itself lives here so it can be ended server-side (sign-out, a stolen laptop, a deactivated user) before
-- the token expires. A request is signed in only while its row exists, is not revoked, has not expired, and its
-- user is active.
create table staff_sessions (
  id uuid primary key default gen_random_uuid(),
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  -- Touched at most every few minutes by authenticated requests: when a session was last used, for the team page.
  last_seen_at timestamptz not null default now(),
  -- What signed in, for the team page ("Chrome on a tablet, 203.0.113.7"); never used for decisions.
  user_agent text check (user_agent is null or length(user_agent) <= 512),
  client_address text check (client_address is null or length(client_address) <= 64),
  check (expires_at > created_at),
  check (revoked_at is null or revoked_at >= created_at)
);
-- "Sign out everywhere" and the team page list a user's live sessions.
create index staff_sessions_user_idx on staff_sessions (staff_user_id) where revoked_at is null;
-- A retention sweep deletes sessions long expired or revoked.
create index staff_sessions_expires_idx on staff_sessions (expires_at);
