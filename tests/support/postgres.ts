import { basename } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { findPostgres, type PostgresServer, startPostgres } from "../../db/pg/server";

/**
 * The tests' throwaway PostgreSQL server (db/pg/server.ts starts and stops it): one server and one database per test
 * file, stopped and removed after the file.
 */

export type { PostgresBinaries, PostgresServer } from "../../db/pg/server";
export { findPostgres, startPostgres } from "../../db/pg/server";

export const POSTGRES = findPostgres();

/** Why the PostgreSQL tests are skipped, for a describe's title; empty when they run. */
export const POSTGRES_SKIP = POSTGRES
  ? ""
  : " [SKIPPED: PostgreSQL is not installed (no initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin); `apt-get install postgresql` runs them]";

if (!POSTGRES) console.warn(`PostgreSQL tests skipped:${POSTGRES_SKIP}`);

/**
 * For a test file: a server started before its tests, with one database named after the file, stopped and removed
 * after them. Call at the top of a `describe.skipIf(!POSTGRES)` block; `url()` is the database's.
 */
export function usePostgresDatabase(testFile: string): { url(): string; server(): PostgresServer } {
  let server: PostgresServer | null = null;
  let databaseUrl = "";
  beforeAll(async () => {
    if (!POSTGRES) throw new Error(`PostgreSQL is not installed${POSTGRES_SKIP}`);
    server = await startPostgres(POSTGRES);
    databaseUrl = await server.createDatabase(
      basename(testFile)
        .replace(/\.test\.ts$/, "")
        .replace(/[^a-z0-9_]/gi, "_"),
    );
  }, 120_000);
  afterAll(() => server?.stop());
  return {
    url: () => databaseUrl,
    server: () => {
      if (!server) throw new Error("the PostgreSQL server is not started yet");
      return server;
    },
  };
}
