import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";
import { backfillSortKeys } from "./sort-keys";

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

/** Checkouts after which a connection is closed and replaced, dropping the statements it prepared. */
const USES_PER_CONNECTION = 5000;

/**
 * A pool on the database at `url` (postgres://user@host:port/name); nothing is migrated here. Its connections
 * pipeline: queries started together on one connection are sent together, each answered in turn (pgSnapshot, of
 * db/pg/queries/common.ts, reads a page so). One query at a time goes as without it. Each connection prepares its
 * statements (namedStatements).
 */
export function openPg(url: string, options: { max?: number; connectTimeoutMs?: number } = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 0,
    pipeline: true,
    maxUses: USES_PER_CONNECTION,
  });
  pool.on("connect", namedStatements);
  // An idle connection the server closed (a restart, a server that went down) is dropped by the pool, which then emits
  // 'error': with no listener that would end the process (a web server). The next query connects again, or fails.
  pool.on("error", () => {});
  return drizzle(pool, { schema }) as PgDb;
}

type QueryConfig = { text?: unknown; name?: unknown; submit?: unknown };

/**
 * Makes a connection prepare each statement with parameters once, under a name taken from its text, and then only
 * bind and execute it: the server parses and plans a page's point reads again each time otherwise, which was two
 * thirds of its CPU on the agency and report pages of the 10⁵ benchmark (issue 20, item 8). The statements a
 * connection keeps go with it (USES_PER_CONNECTION). PostgreSQL replans a statement whose tables' statistics or
 * definitions changed, and after five runs keeps a generic plan only where it costs no more than the custom ones.
 */
function namedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (...args: unknown[]) => {
    const [config, values] = args as [QueryConfig | string, unknown];
    if (typeof config === "object" && typeof config.text === "string" && !config.name && !config.submit && Array.isArray(values) && values.length)
      args[0] = { ...config, name: statementName(config.text) };
    return query(...args);
  };
  client.query = named as typeof client.query;
}

function statementName(text: string): string {
  return `n${createHash("sha1").update(text).digest("base64url")}`;
}

/** Any number, so two processes migrating one new database take turns: the key of the session lock migrations hold. */
const MIGRATION_LOCK = 20_200_012;

/**
 * Brings the database to the current schema. drizzle's migrator reads which migrations are applied before it runs
 * them, so two processes migrating a new database at once would both create the tables; a session-level advisory
 * lock makes the second wait and then find them applied. The migrator runs on the connection that holds the lock, then
 * the agencies stored before migration 0004 get their pinyin sort keys (db/pg/sort-keys.ts).
 */
export async function migratePg(db: PgDb): Promise<void> {
  const lock = await db.$client.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(lock, { schema }), { migrationsFolder: PG_MIGRATIONS });
      await backfillSortKeys(lock);
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
