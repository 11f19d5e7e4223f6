import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Store } from "../lib/store/store";
import type { WriteStore } from "../lib/store/write-store";
import { DEFAULT_DB_PATH, openWritableDb } from "./client";
import { isPostgresUrl, withoutPassword } from "./database-url";
import { backfillIdentity } from "./identity";
import { closePg, migratePg, openPg } from "./pg/client";
import { PgWriteStore } from "./pg/write-store";
import { sourcesDirFor } from "./sources-dir";
import { SqliteWriteStore } from "./sqlite-write-store";

/**
 * The one place that turns a target into a Store that writes: the command-line programs and the pipeline open their
 * database here and know only the Store interfaces (lib/store). A target is a SQLite file, or a PostgreSQL database
 * (issue 20) named by a `postgres://` URL (`--db` or `DATABASE_URL`).
 */

export type StoreTarget = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/**
 * The target of a command: `--db` (a file path or a `postgres://` URL), else `DATABASE_URL` when it is a `postgres://`
 * URL, else `NIANBAO_DB`, else data/nianbao.db.
 */
export function storeTarget(flag?: string): StoreTarget {
  const url = process.env.DATABASE_URL;
  const given = flag ?? (url && isPostgresUrl(url) ? url : undefined) ?? process.env.NIANBAO_DB ?? DEFAULT_DB_PATH;
  return isPostgresUrl(given) ? { kind: "postgres", url: given } : { kind: "sqlite", path: resolve(given) };
}

/** The target as messages name it: a path relative to the working folder when inside it, a URL without its password. */
export function targetName(target: StoreTarget): string {
  if (target.kind === "postgres") return withoutPassword(target.url);
  const shown = relative(process.cwd(), target.path);
  return shown && !shown.startsWith("..") ? shown : target.path;
}

export { withoutPassword };

/** Whether the target holds a database already (the commands on an existing database ask before opening it). */
export function storeExists(target: StoreTarget): boolean {
  return target.kind === "sqlite" ? existsSync(target.path) : true;
}

/**
 * The Store of `target`, opened for writing: made and migrated to the current schema when new. A SQLite file also gets
 * the agencies a database stored before migration 0010 split merged (db/identity.ts backfillIdentity; a no-op once
 * done); a PostgreSQL database is migrated under an advisory lock (db/pg/client.ts), so processes opening one new
 * database at once take turns, and needs NIANBAO_SOURCES (db/sources-dir.ts). Throws with the reason when it cannot
 * be used (read-only, not a Nianbao database, no server, NIANBAO_SOURCES unset for PostgreSQL).
 *
 * Both stores are also the web's Store (every read of the dashboard), so a command may read what it wrote.
 */
export async function openStore(target: StoreTarget): Promise<Store & WriteStore> {
  return target.kind === "postgres" ? openPgStore(target.url) : openSqliteStore(target.path);
}

/** The SQLite file's Store with its writes (openStore for a file target). */
export async function openSqliteStore(path: string): Promise<Store & WriteStore> {
  const db = openWritableDb(path);
  try {
    backfillIdentity(db);
    return new SqliteWriteStore(db, sourcesDirFor(path));
  } catch (error) {
    db.$client.close();
    throw error;
  }
}

async function openPgStore(url: string): Promise<Store & WriteStore> {
  const sourcesDir = sourcesDirFor(null);
  const db = openPg(url);
  try {
    await migratePg(db);
  } catch (error) {
    await closePg(db);
    throw error;
  }
  return new PgWriteStore(db, withoutPassword(url), sourcesDir);
}
