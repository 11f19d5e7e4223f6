import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { notNianbaoReason } from "./foreign-database";
import { withPinyin } from "./pinyin";
import * as schema from "./schema";
import { retryWhileBusy } from "./transaction";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DB_PATH = "data/nianbao.db";
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * The database path: --db, else $NIANBAO_DB, else data/nianbao.db. The path is known only at run time, so
 * Turbopack's file tracer is told to leave it alone: traced, it would copy the whole project into the server's
 * output (the database is data beside the server, not part of it).
 */
export function databasePath(flag?: string): string {
  return resolve(/* turbopackIgnore: true */ flag ?? process.env.NIANBAO_DB ?? DEFAULT_DB_PATH);
}

/**
 * Why the database at `path` cannot be written, checked before SQLite opens it: SQLite falls back to reading
 * a file it may not write (every store would then fail), and leaves -wal and -shm files beside it.
 */
export function readOnlyReason(path: string): string | null {
  const denied = (target: string): string | null => {
    try {
      accessSync(target, constants.W_OK);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? "EACCES";
    }
  };
  const folder = dirname(path);
  const code = (existsSync(path) ? denied(path) : null) ?? denied(folder);
  if (code === "EROFS") return `the database is on a read-only file system (${path})`;
  if (existsSync(path) && denied(path)) return `the database file is read-only (no permission to write ${path})`;
  if (code) return `the database folder is read-only (SQLite writes its -wal and -shm files beside the database in ${folder})`;
  return null;
}

/** Opens (and creates, with its folder) the database for writing, migrated to the current schema. */
export function openWritableDb(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const readOnly = readOnlyReason(path);
  if (readOnly) throw new Error(readOnly);
  const foreign = notNianbaoReason(path);
  if (foreign) throw new Error(foreign);
  const client = new Database(path);
  // The busy timeout waits out a concurrent writer (before the write lock is probed, and for every store).
  client.pragma("busy_timeout = 5000");
  // A read-only file system passes the permission check; taking the write lock finds it.
  try {
    retryWhileBusy(() => client.exec("BEGIN IMMEDIATE; ROLLBACK"));
  } catch (error) {
    client.close();
    throw new Error(`the database cannot be written: ${error instanceof Error ? error.message : String(error)}`);
  }
  // WAL lets the dashboard read while an ingest writes.
  client.pragma("journal_mode = WAL");
  // With WAL, NORMAL still never corrupts the database and survives a killed process; only a power cut
  // can lose the last commits. It spares one fsync per file.
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  const db = drizzle(client, { schema }) as Db;
  // Migration 0013 fills the agencies' pinyin sort keys with it.
  withPinyin(db);
  migrateShared(db);
  return db;
}

/**
 * Migrates, when another process may be migrating the same new database: the migrator reads which migrations are
 * applied before its transaction, so the second of two finds the tables made by the first and fails. Run again,
 * it reads them as applied. A migration that fails on its own fails every time, and that error is thrown.
 */
function migrateShared(db: Db, attempts = 3): void {
  for (let attempt = 1; ; attempt++) {
    try {
      retryWhileBusy(() => migrate(db, { migrationsFolder: MIGRATIONS }));
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** Opens an existing database read-only (the web process never writes). */
export function openReadonlyDb(path: string): Db {
  const client = new Database(path, { readonly: true, fileMustExist: true });
  client.pragma("busy_timeout = 5000");
  // 1 MiB of page cache, half the default: measured at 10⁵ reports, the pages' queries take as long (the file's
  // pages stay in the OS cache) and the server holds about 30 MB less.
  client.pragma("cache_size = -1000");
  reuseStatements(client);
  return drizzle(client, { schema }) as Db;
}

/** Prepared statements kept per connection, by SQL text. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `prepare` hand back the statement it prepared before for the same SQL text: drizzle prepares every
 * query it runs, and compiling the wide aggregate queries again was a visible part of a page's time (about 1.5 ms
 * a request in a CPU profile). It did not lower the server's memory: measured after 260 pages, it held the same.
 * A reused statement is put back to plain mode (rows as objects), and one still busy in an iterator is never
 * handed out twice.
 */
function reuseStatements(client: Database.Database): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    const found = cache.get(source);
    if (found && !found.busy) {
      // Most recently used last, so the first key is the one to drop.
      cache.delete(source);
      cache.set(source, found);
      if (found.reader) found.raw(false).pluck(false).expand(false);
      return found;
    }
    const statement = prepare(source);
    if (found) return statement;
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof client.prepare;
}

/**
 * Runs several reads on one snapshot of the database. Each statement outside a transaction sees the latest
 * commit, so a page read with several SELECTs while an ingest commits could mix two states of a report
 * (its flag counts from before a commit, its flags from after).
 */
export function readSnapshot<T>(db: Db, read: () => T): T {
  return db.$client.transaction(read).deferred();
}
