export { closeDb, getDb } from "./get-db";
export { countAppliedMigrations, countMigrationFiles, MigrationError, migrate, readMigrations } from "./migrate";
export { type Db, type OpenDbOptions, openDb, type Queryable, type Tx } from "./open-db";
export * from "./schema";
