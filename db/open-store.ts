import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Store } from "../lib/store/store";
import type { WriteStore } from "../lib/store/write-store";
import { DEFAULT_DB_PATH, openWritableDb } from "./client";
import { backfillIdentity } from "./identity";
import { SqliteWriteStore } from "./sqlite-write-store";

/**
 * The one place that turns a target into a Store that writes: the command-line programs and the pipeline open their
 * database here and know only the Store interfaces (lib/store). Today a target is a SQLite file; a PostgreSQL store
 * (issue 20) plugs in here, chosen by a `postgres://` target (`--db` or `DATABASE_URL`).
 */

export type StoreTarget = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

const POSTGRES = /^postgres(ql)?:\/\//i;

/**
 * The target of a command: `--db` (a file path or a `postgres://` URL), else `DATABASE_URL` when it is a `postgres://`
 * URL, else `NIANBAO_DB`, else data/nianbao.db.
 */
export function storeTarget(flag?: string): StoreTarget {
  const url = process.env.DATABASE_URL;
  const given = flag ?? (url && POSTGRES.test(url) ? url : undefined) ?? process.env.NIANBAO_DB ?? DEFAULT_DB_PATH;
  return POSTGRES.test(given) ? { kind: "postgres", url: given } : { kind: "sqlite", path: resolve(given) };
}

/** The target as messages name it: a path relative to the working folder when inside it, a URL without its password. */
export function targetName(target: StoreTarget): string {
  if (target.kind === "postgres") return withoutPassword(target.url);
  const shown = relative(process.cwd(), target.path);
  return shown && !shown.startsWith("..") ? shown : target.path;
}

/** A URL with its password (if any) masked, for messages. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Whether the target holds a database already (the commands on an existing database ask before opening it). */
export function storeExists(target: StoreTarget): boolean {
  return target.kind === "sqlite" ? existsSync(target.path) : true;
}

/**
 * The Store of `target`, opened for writing: made and migrated to the current schema when new, with the agencies a
 * database stored before migration 0010 split merged (db/identity.ts backfillIdentity; a no-op once done). Throws
 * with the reason when it cannot be used (read-only, not a Nianbao database, a PostgreSQL target).
 */
export async function openStore(target: StoreTarget): Promise<Store & WriteStore> {
  if (target.kind === "postgres") throw new Error("a PostgreSQL store is not built yet (issue 20): give a SQLite file");
  const db = openWritableDb(target.path);
  try {
    backfillIdentity(db);
  } catch (error) {
    db.$client.close();
    throw error;
  }
  return new SqliteWriteStore(db);
}
