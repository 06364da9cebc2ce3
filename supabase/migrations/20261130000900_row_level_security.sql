-- Row-level security (issue: staff sign-in and the whole HTTP API, item 8).
--
-- Who reads what:
-- * The server connects as the tables' owner (`postgres` locally, in tests and with DATABASE_URL on Supabase) or
--   as Supabase's `service_role` (BYPASSRLS). Owners are not subject to their tables' policies (no FORCE ROW LEVEL
--   SECURITY here), so the application, its plpgsql write functions and its tests work exactly as before.
-- * `authenticated` (a Supabase Auth user talking to PostgREST/Realtime with their JWT) may READ the rows of the
--   restaurants they are a member of: auth.uid() → staff_users.supabase_user_id → restaurant_memberships. Writes
--   go through the HTTP API, which enforces the lifecycle, holds and idempotency; no write policy exists, so a
--   direct INSERT/UPDATE/DELETE by `authenticated` is refused.
-- * `anon` gets nothing: no policy names it and its table privileges are revoked.
--
-- Supabase has the `auth` schema, auth.uid() and the roles; plain PostgreSQL 15 and PGlite do not. Stubs are made
-- only when absent; the stub auth.uid() reads the JWT claims the way Supabase's does (request.jwt.claim.sub, or
-- `sub` of request.jwt.claims), so tests set the same settings PostgREST sets.

do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
  end if;
end $$;

-- Roles are cluster-wide: test databases migrating at once may race to create them, hence the handler.
do $$
declare
  role_name text;
begin
  foreach role_name in array array['anon', 'authenticated'] loop
    if not exists (select 1 from pg_roles where rolname = role_name) then
      begin
        execute format('create role %I nologin noinherit', role_name);
      exception when duplicate_object or unique_violation then
        null; -- another migration created it meanwhile
      end;
    end if;
  end loop;
end $$;

do $$
begin
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid language sql stable as $fn$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $fn$;
    grant usage on schema auth to anon, authenticated;
    grant execute on function auth.uid() to anon, authenticated;
  end if;
end $$;

-- The restaurants the current Supabase user works at. SECURITY DEFINER (runs as the owner, so without RLS): the
-- policies below call it, and reading memberships under their own policy would recurse.
create function maitre_rls_restaurant_ids() returns setof uuid
  language sql stable security definer set search_path = public, pg_temp as $$
  select m.restaurant_id
  from restaurant_memberships m
  join staff_users u on u.id = m.staff_user_id
  where u.supabase_user_id = auth.uid() and u.active
$$;
revoke all on function maitre_rls_restaurant_ids() from public;
grant execute on function maitre_rls_restaurant_ids() to authenticated;

-- Every table of the public schema gets RLS: with no policy for a role, that role sees no row. Supabase grants
-- anon and authenticated every privilege on new public tables by default; they are taken back here and only the
-- reads below are granted, so column grants (no password hash, no key hash) mean what they say.
do $$
declare
  t record;
begin
  for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') loop
    execute format('alter table public.%I enable row level security', t.relname);
    execute format('revoke all on table public.%I from anon, authenticated', t.relname);
  end loop;
end $$;

-- Tenant tables (every table with a restaurant_id): members read their restaurants' rows. Listed by the catalogue
-- so that every tenant table that exists now is covered; a table added by a LATER migration needs its own policy
-- (row-level-security.integration.test.ts fails until it has one).
do $$
declare
  t record;
begin
  for t in select c.table_name from information_schema.columns c
           join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
           where c.table_schema = 'public' and c.column_name = 'restaurant_id' and tb.table_type = 'BASE TABLE' loop
    execute format(
      'create policy member_read on public.%I for select to authenticated '
      'using (restaurant_id in (select maitre_rls_restaurant_ids()))',
      t.table_name);
    if t.table_name <> 'api_keys' then
      execute format('grant select on table public.%I to authenticated', t.table_name);
    end if;
  end loop;
end $$;

create policy member_read on restaurants for select to authenticated
  using (id in (select maitre_rls_restaurant_ids()));
grant select on table restaurants to authenticated;

create policy member_read on service_turn_times for select to authenticated
  using (service_period_id in (select id from service_periods)); -- service_periods' own policy filters it
grant select on table service_turn_times to authenticated;

-- Who works where, for the people of the same restaurants; never the password hash (column privileges).
create policy member_read on staff_users for select to authenticated
  using (
    supabase_user_id = auth.uid()
    or id in (select staff_user_id from restaurant_memberships) -- memberships' own policy filters it
  );
grant select (id, email, display_name, supabase_user_id, active, created_at) on table staff_users to authenticated;

-- API keys: their names and prefixes, never the key hash.
grant select (id, restaurant_id, name, prefix, scopes, created_at, last_used_at, revoked_at)
  on table api_keys to authenticated;

-- The lifecycle's edges are reference data, the same for everyone signed in.
create policy signed_in_read on booking_transitions for select to authenticated using (true);
grant select on table booking_transitions to authenticated;

-- staff_sessions, idempotency_keys and the migration ledger: RLS on, no policy — the server's alone.
