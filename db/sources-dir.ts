import { dirname, join, resolve } from "node:path";

/**
 * Where the originals of stored reports are kept, one file per sha256 (lib/pipeline/sources.ts): the folder named by
 * NIANBAO_SOURCES when set, else for a SQLite file `sources/` beside it. A PostgreSQL store serves several machines, so
 * it needs a folder every one of them can read: NIANBAO_SOURCES is required for it.
 */
export function sourcesDirFor(sqliteFile: string | null): string {
  const configured = process.env.NIANBAO_SOURCES;
  if (configured) return resolve(configured);
  if (sqliteFile === null)
    throw new Error("NIANBAO_SOURCES is not set: a PostgreSQL store keeps the original files in a folder every machine can read; name it in NIANBAO_SOURCES");
  return join(dirname(sqliteFile), "sources");
}
