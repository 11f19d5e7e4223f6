import { dirname, join, resolve } from "node:path";

/**
 * Where the kept originals are (`<folder>/<sha256>`, content-addressed): $NIANBAO_SOURCES when set, so that every
 * machine of a shared deployment reads and writes one folder; else, for a SQLite database, `sources/` beside its
 * file, as before. A PostgreSQL database has no file to sit beside: without NIANBAO_SOURCES it has no folder (null).
 */
export function sourcesDir(target: { kind: "sqlite"; path: string } | { kind: "postgres" }): string | null {
  const configured = process.env.NIANBAO_SOURCES;
  if (configured) return resolve(configured);
  return target.kind === "sqlite" ? join(dirname(target.path), "sources") : null;
}

/**
 * The folder a writer keeps originals in (`sqliteFile` null for a PostgreSQL store): a store that writes needs one,
 * so a PostgreSQL store without NIANBAO_SOURCES is refused with the reason.
 */
export function sourcesDirFor(sqliteFile: string | null): string {
  const folder = sourcesDir(sqliteFile === null ? { kind: "postgres" } : { kind: "sqlite", path: sqliteFile });
  if (folder === null)
    throw new Error("NIANBAO_SOURCES is not set: a PostgreSQL store keeps the original files in a folder every machine can read; name it in NIANBAO_SOURCES");
  return folder;
}
