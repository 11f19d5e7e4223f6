import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type Db, openWritableDb } from "../../db/client";
import { closePg, migratePg, openPg, type PgDb } from "../../db/pg/client";
import { type PostgresServer, usePostgresDatabase } from "./postgres";

/**
 * For a test file comparing the dialects: a new SQLite database in a temporary folder and the file's PostgreSQL
 * database (tests/support/postgres.ts), each migrated by its own migrations before the tests, closed and removed after.
 * Call inside a `describe.skipIf(!POSTGRES)` block.
 */
export function useBothDatabases(testFile: string): { sqlite(): Db; pg(): PgDb; server(): PostgresServer } {
  const postgres = usePostgresDatabase(testFile);
  let folder = "";
  let sqlite: Db | null = null;
  let pg: PgDb | null = null;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "nianbao-dialects-"));
    sqlite = openWritableDb(join(folder, "nianbao.db"));
    pg = openPg(postgres.url());
    await migratePg(pg);
  });
  afterAll(async () => {
    sqlite?.$client.close();
    if (pg) await closePg(pg);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  const opened = <T>(db: T | null, what: string): T => {
    if (!db) throw new Error(`the ${what} database is not open yet`);
    return db;
  };
  return { sqlite: () => opened(sqlite, "SQLite"), pg: () => opened(pg, "PostgreSQL"), server: postgres.server };
}
