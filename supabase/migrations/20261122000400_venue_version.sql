-- A venue version that changes whenever anything the planner compiles changes (tables, adjacency, zones,
-- planner config), so the compiled-venue cache is keyed by (restaurant, version) and never serves a stale
-- floor plan. Bumped by triggers: no code path can forget to.
alter table restaurants add column venue_version bigint not null default 1;

create function maitre_bump_venue_version() returns trigger language plpgsql as $$
declare
  affected uuid;
begin
  affected := case when tg_op = 'DELETE' then old.restaurant_id else new.restaurant_id end;
  update restaurants set venue_version = venue_version + 1 where id = affected;
  if tg_op = 'UPDATE' and new.restaurant_id is distinct from old.restaurant_id then
    update restaurants set venue_version = venue_version + 1 where id = old.restaurant_id;
  end if;
  return null;
end $$;

create trigger tables_bump_venue_version after insert or update or delete on tables
  for each row execute function maitre_bump_venue_version();
create trigger table_adjacency_bump_venue_version after insert or update or delete on table_adjacency
  for each row execute function maitre_bump_venue_version();
create trigger zones_bump_venue_version after insert or update or delete on zones
  for each row execute function maitre_bump_venue_version();

create function maitre_bump_venue_version_on_config() returns trigger language plpgsql as $$
begin
  if new.planner_config is distinct from old.planner_config then
    new.venue_version := old.venue_version + 1;
  end if;
  return new;
end $$;
create trigger restaurants_bump_venue_version before update of planner_config on restaurants
  for each row execute function maitre_bump_venue_version_on_config();
