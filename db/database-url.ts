/**
 * Whether a --db value or DATABASE_URL names a PostgreSQL database rather than a SQLite file. Kept apart from
 * db/pg/client.ts so that deciding loads no PostgreSQL driver: the web on a SQLite file never loads `pg`.
 */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** DATABASE_URL when it names a PostgreSQL database: the web then reads PostgreSQL (db/pg/store.ts). */
export function webDatabaseUrl(): string | null {
  const url = process.env.DATABASE_URL;
  return url && isPostgresUrl(url) ? url : null;
}
