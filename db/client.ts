import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DB_PATH = "data/nianbao.db";
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** The database path: --db, else $NIANBAO_DB, else data/nianbao.db. */
export function databasePath(flag?: string): string {
  return resolve(flag ?? process.env.NIANBAO_DB ?? DEFAULT_DB_PATH);
}

/** Opens (and creates, with its folder) the database for writing, migrated to the current schema. */
export function openWritableDb(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  // WAL lets the dashboard read while an ingest writes; the busy timeout waits out a concurrent writer.
  client.pragma("journal_mode = WAL");
  // With WAL, NORMAL still never corrupts the database and survives a killed process; only a power cut
  // can lose the last commits. It spares one fsync per file.
  client.pragma("synchronous = NORMAL");
  client.pragma("busy_timeout = 5000");
  client.pragma("foreign_keys = ON");
  const db = drizzle(client, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

/** Opens an existing database read-only (the web process never writes). */
export function openReadonlyDb(path: string): Db {
  const client = new Database(path, { readonly: true, fileMustExist: true });
  client.pragma("busy_timeout = 5000");
  return drizzle(client, { schema }) as Db;
}

/**
 * Runs several reads on one snapshot of the database. Each statement outside a transaction sees the latest
 * commit, so a page read with several SELECTs while an ingest commits could mix two states of a report
 * (its flag counts from before a commit, its flags from after).
 */
export function readSnapshot<T>(db: Db, read: () => T): T {
  return db.$client.transaction(read).deferred();
}
