import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Typed tables of supabase/migrations. Keep in step with the SQL; integration tests exercise both. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
/** tstzrange as Postgres prints it, e.g. `["2026-03-06 19:00:00+00","2026-03-06 20:30:00+00")`. */
type TsRange = string;

export const BOOKING_STATUSES = [
  "created",
  "capacity_verified",
  "assignment_pending",
  "assignment_in_progress",
  "assigned",
  "confirmed",
  "checked_in",
  "completed",
  "manual_review",
  "cancelled",
  "no_show",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingSource = "online" | "phone" | "walk_in" | "ops";
export type StaffRole = "owner" | "manager" | "host";
export type ActorType = "system" | "staff" | "api_key" | "guest" | "coordinator" | "optimizer";
export type AllocationKind = "assignment" | "hold";
export type AttemptTrigger = "inline" | "job" | "manual" | "optimizer" | "bulk";
export type AttemptOutcome =
  | "assigned"
  | "already_assigned"
  | "no_plan"
  | "conflict"
  | "lock_busy"
  | "stale"
  | "timeout"
  | "error"
  | "skipped";

export type RestaurantsTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  timezone: string;
  slot_minutes: Generated<number>;
  hold_ttl_seconds: Generated<number>;
  max_party_size: Generated<number>;
  auto_confirm: Generated<boolean>;
  no_show_undo_minutes: Generated<number>;
  check_in_lead_minutes: Generated<number>;
  /** How many days ahead bookings may be made (a booking rule). */
  booking_horizon_days: Generated<number>;
  /** Online bookings must start at least this many minutes from now (a booking rule). */
  booking_cutoff_minutes: Generated<number>;
  /** BCP 47 language tag such as `en-GB`. */
  locale: Generated<string>;
  /** ISO 4217 code such as `GBP`. */
  currency: Generated<string>;
  planner_config: Json<Record<string, unknown>>;
  optimizer_config: Json<Record<string, unknown>>;
  /** Bumped by triggers whenever tables, adjacency, zones or planner config change. */
  venue_version: Generated<number>;
  /** Bumped by triggers on any change to the booking rules (settings, service periods, turn times). */
  rules_version: Generated<number>;
  /** Online repair (issue #14): move a few placed bookings to seat one that found no plan, before review. */
  online_repair_enabled: Generated<boolean>;
  /** Bookings one repair may move (1–10). */
  online_repair_max_moves: Generated<number>;
  /** Bookings starting within this many minutes of now are never moved by a repair. */
  online_repair_freeze_minutes: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type ServicePeriodsTable = {
  id: Generated<string>;
  restaurant_id: string;
  name: string;
  days_of_week: number[];
  /** `HH:MM:SS` local time in the restaurant's zone. */
  opens_at: string;
  last_seating_at: string;
  closes_at: string;
  buffer_minutes: Generated<number>;
  pacing_covers_per_slot: number | null;
  pacing_online_covers_per_slot: number | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
};

export type ServiceTurnTimesTable = {
  service_period_id: string;
  max_party_size: number;
  turn_minutes: number;
};

export type ZonesTable = {
  id: Generated<string>;
  restaurant_id: string;
  name: string;
  sort_order: Generated<number>;
  /** `#rrggbb`, the zone's colour on the floor plan. */
  color: Generated<string>;
};

export type TablesTable = {
  id: Generated<string>;
  restaurant_id: string;
  zone_id: string;
  label: string;
  capacity: number;
  min_party: Generated<number>;
  mergeable: Generated<boolean>;
  priority: Generated<number>;
  online_bookable: Generated<boolean>;
  active: Generated<boolean>;
  x: Generated<number>;
  y: Generated<number>;
  width: Generated<number>;
  height: Generated<number>;
  rotation: Generated<number>;
  shape: Generated<"rect" | "round">;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type TableAdjacencyTable = {
  restaurant_id: string;
  table_a: string;
  table_b: string;
};

export type BookingsTable = {
  id: Generated<string>;
  restaurant_id: string;
  reference: string;
  service_period_id: string | null;
  guest_name: string;
  guest_email: string | null;
  guest_phone: string | null;
  party_size: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  during: ColumnType<TsRange, never, never>;
  source: BookingSource;
  notes: string | null;
  tags: Generated<string[]>;
  preferred_zone_id: string | null;
  status: Generated<BookingStatus>;
  state_version: Generated<number>;
  assignment_failures: Generated<number>;
  review_reason: string | null;
  pinned: Generated<boolean>;
  idempotency_key: string | null;
  /** Whose key it is (`api_key:<id>`, `staff:<id>`…): keys are unique per client, not per restaurant. */
  idempotency_scope: string | null;
  /** sha256 of the first request's canonical form: a replay must match it. */
  idempotency_request_hash: string | null;
  /** The guest record (server/guests) the booking's email / phone belongs to. */
  guest_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type BookingTransitionsTable = {
  from_status: BookingStatus;
  to_status: BookingStatus;
};

export type BookingStateHistoryTable = {
  id: Generated<string>;
  booking_id: string;
  restaurant_id: string;
  from_status: BookingStatus | null;
  to_status: BookingStatus;
  event: string;
  actor_type: ActorType;
  actor_id: string | null;
  reason: string | null;
  version: number;
  metadata: Json<Record<string, unknown>>;
  at: CreatedAt;
};

export type HoldsTable = {
  id: Generated<string>;
  restaurant_id: string;
  booking_id: string;
  source: "manual" | "auto_quote";
  created_by: string;
  table_ids: string[];
  context_version: number;
  plan: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  expires_at: Timestamp;
};

export type AllocationsTable = {
  id: Generated<string>;
  restaurant_id: string;
  table_id: string;
  booking_id: string;
  hold_id: string | null;
  kind: AllocationKind;
  during: TsRange;
  assignment_group: string;
  expires_at: NullableTimestamp;
  created_at: CreatedAt;
};

export type IdempotencyKeysTable = {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: Json<unknown> | null;
  created_at: CreatedAt;
  expires_at: Generated<Date>;
};

export type AssignmentAttemptsTable = {
  id: Generated<string>;
  restaurant_id: string;
  booking_id: string;
  trigger: AttemptTrigger;
  attempt: Generated<number>;
  strategy: string | null;
  outcome: AttemptOutcome;
  reason_code: string | null;
  duration_ms: number;
  planner_stats: Json<Record<string, unknown>>;
  table_ids: Generated<string[]>;
  created_at: CreatedAt;
};

export type OptimizerRunsTable = {
  id: Generated<string>;
  restaurant_id: string;
  /** `YYYY-MM-DD` in the restaurant's zone. */
  service_date: ColumnType<string, string, string>;
  service_period_id: string | null;
  status: "queued" | "running" | "previewed" | "applied" | "stale" | "rejected" | "failed";
  solver: string;
  baseline_metrics: Json<Record<string, unknown>>;
  proposed_metrics: Json<Record<string, unknown>>;
  moves: Json<unknown[]>;
  plan_fence: Json<Record<string, number>>;
  reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  applied_at: NullableTimestamp;
  /** Bumped by a trigger on every update (apply names the version it saw). */
  version: Generated<number>;
  /** What was asked for: {solver, timeLimitMs}. */
  requested: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The booking ids (= move ids) applied; null until applied. */
  applied_moves: ColumnType<string[] | null, string | null | undefined, string | null>;
};

export type NotificationsTable = {
  id: Generated<string>;
  restaurant_id: string;
  booking_id: string | null;
  kind: "booking_confirmed" | "booking_cancelled" | "booking_changed" | "staff_invite" | "staff_password_reset";
  dedupe_key: string;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  status: Generated<"pending" | "sent" | "failed">;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
};

export type StaffUsersTable = {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  supabase_user_id: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
};

export type RestaurantMembershipsTable = {
  staff_user_id: string;
  restaurant_id: string;
  role: StaffRole;
  created_at: CreatedAt;
};

export type ApiKeysTable = {
  id: Generated<string>;
  restaurant_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: Generated<string[]>;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
};

export type SchemaMigrationsTable = {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
};

/** An "assign all" run of one restaurant-day (POST /api/ops/assign-all); progress is read from the bookings. */
export type AssignAllRunsTable = {
  id: Generated<string>;
  restaurant_id: string;
  /** `YYYY-MM-DD` in the restaurant's zone. */
  service_date: ColumnType<string, string, string>;
  /** The bookings the run took on, in the order it assigns them (earliest start first). */
  booking_ids: string[];
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
};

export type Database = {
  assign_all_runs: AssignAllRunsTable;
  restaurants: RestaurantsTable;
  service_periods: ServicePeriodsTable;
  service_turn_times: ServiceTurnTimesTable;
  zones: ZonesTable;
  tables: TablesTable;
  table_adjacency: TableAdjacencyTable;
  bookings: BookingsTable;
  booking_transitions: BookingTransitionsTable;
  booking_state_history: BookingStateHistoryTable;
  holds: HoldsTable;
  allocations: AllocationsTable;
  idempotency_keys: IdempotencyKeysTable;
  assignment_attempts: AssignmentAttemptsTable;
  optimizer_runs: OptimizerRunsTable;
  notifications: NotificationsTable;
  staff_users: StaffUsersTable;
  restaurant_memberships: RestaurantMembershipsTable;
  api_keys: ApiKeysTable;
  schema_migrations: SchemaMigrationsTable;
  staff_sessions: StaffSessionsTable;
  ops_events: OpsEventsTable;
  service_exceptions: ServiceExceptionsTable;
  staff_invites: StaffInvitesTable;
  staff_password_resets: StaffPasswordResetsTable;
  guests: GuestsTable;
};

/** A date exception to the weekly hours: closed (whole day or one service) or special hours for one service. */
export type ServiceExceptionsTable = {
  id: Generated<string>;
  restaurant_id: string;
  /** `YYYY-MM-DD` (local date). */
  service_date: ColumnType<string, string, string>;
  /** null: the whole day. */
  service_period_id: string | null;
  closed: boolean;
  opens_at: string | null;
  last_seating_at: string | null;
  closes_at: string | null;
  note: string | null;
  created_at: CreatedAt;
};

/** An invitation to join a restaurant's team; only the token's sha256 is stored. */
export type StaffInvitesTable = {
  id: Generated<string>;
  restaurant_id: string;
  email: string;
  role: StaffRole;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
};

/** A password-reset link a manager sent a member (local accounts): works once, for 24 hours. */
export type StaffPasswordResetsTable = {
  id: Generated<string>;
  staff_user_id: string;
  /** The restaurant whose manager sent it: the link stops working if the member leaves that team. */
  restaurant_id: string;
  token_hash: string;
  requested_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
};

/** A guest of one restaurant, matched by email or phone; a merged duplicate points at the survivor. */
export type GuestsTable = {
  id: Generated<string>;
  restaurant_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  tags: Generated<string[]>;
  merged_into: string | null;
  erased_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/** The short replay buffer of live ops events (written by triggers only; see server/live). */
export type OpsEventsTable = {
  id: Generated<number>;
  restaurant_id: string;
  kind: "booking" | "hold" | "allocation" | "optimizer";
  booking_id: string | null;
  version: number | null;
  change: string;
  starts_at: NullableTimestamp;
  previous_starts_at: NullableTimestamp;
  created_at: CreatedAt;
};

export type Restaurant = Selectable<RestaurantsTable>;
export type Booking = Selectable<BookingsTable>;
export type NewBooking = Insertable<BookingsTable>;
export type BookingUpdate = Updateable<BookingsTable>;
export type TableRow = Selectable<TablesTable>;
export type Allocation = Selectable<AllocationsTable>;

/** A signed-in staff member's session (local accounts); the cookie carries only its id. */
export type StaffSessionsTable = {
  id: Generated<string>;
  staff_user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_seen_at: UpdatedAt;
  user_agent: string | null;
  client_address: string | null;
};
