import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";

/** The PostgreSQL store's connection (issue 20): a pool, drizzle over it, and the migrations of db/pg/migrations. */

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Counts and sums come back as numbers, as from SQLite. PostgreSQL gives count(*) and sum() of int4 as int8 and sum() of
 * int8 and avg() as numeric, which node-postgres hands over as strings, since they may exceed 2^53. Every count here is
 * int4 (at most 2^31 − 1), so a sum of int4 over fewer than 4·10⁶ lines stays below 2^53 and reads exactly; numeric
 * is read as a double, as SQLite computes avg(). Set on pg's global parsers, not on the pool: drizzle passes its own
 * `types` with each query, and those fall back to the global ones.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export { isPostgresUrl } from "../database-url";

/**
 * A pool on the database at `url` (postgres://user@host:port/name); nothing is migrated here. Its connections
 * pipeline: queries started together on one connection are sent together, each answered in turn (pgSnapshot, of
 * db/pg/queries/common.ts, reads a page so). One query at a time goes as without it.
 */
export function openPg(url: string, options: { max?: number } = {}): PgDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, pipeline: true });
  return drizzle(pool, { schema }) as PgDb;
}

/** Any number, so two processes migrating one new database take turns: the key of the session lock migrations hold. */
const MIGRATION_LOCK = 20_200_012;

/**
 * Brings the database to the current schema. drizzle's migrator reads which migrations are applied before it runs
 * them, so two processes migrating a new database at once would both create the tables; a session-level advisory
 * lock makes the second wait and then find them applied. The migrator runs on the connection that holds the lock.
 */
export async function migratePg(db: PgDb): Promise<void> {
  const lock = await db.$client.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(lock, { schema }), { migrationsFolder: PG_MIGRATIONS });
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    lock.release();
  }
}

/** Ends the pool's connections. */
export async function closePg(db: PgDb): Promise<void> {
  await db.$client.end();
}
