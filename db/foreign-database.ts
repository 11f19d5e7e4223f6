import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";

/** The journal of the migrations, and tables every Nianbao database has from its first migration on. */
const JOURNAL = "__drizzle_migrations";
const NIANBAO_TABLES = ["agencies", "reports"];

/**
 * Why the file at `path` is not a Nianbao database, or null when it is one or is new (missing, empty, or an SQLite
 * database without tables). Looked at read-only, before anything is written: migrating another application's
 * database would add Nianbao's tables to it.
 */
export function notNianbaoReason(path: string): string | null {
  if (!existsSync(path) || statSync(path).size === 0) return null;
  let tables: string[];
  let journalRows = 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
      if (tables.includes(JOURNAL)) journalRows = (db.prepare(`SELECT count(*) AS n FROM "${JOURNAL}"`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch (error) {
    return `not a Nianbao database: ${path} is not an SQLite database (${error instanceof Error ? error.message : String(error)}); give --db a new file or a Nianbao database`;
  }
  if (tables.length === 0 || NIANBAO_TABLES.every((name) => tables.includes(name))) return null;
  // An empty journal: another process is making this new database (the journal is made before the first migration).
  if (tables.includes(JOURNAL) && journalRows === 0) return null;
  const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", …" : "");
  const why = tables.includes(JOURNAL) ? "and another application's migrations" : "and no Nianbao migration journal";
  return `not a Nianbao database: ${path} holds other tables (${shown}) ${why}; it was left untouched. Give --db a new file or a Nianbao database`;
}
