import type { Db } from "./client";
import type { Tx } from "./transaction";

/** The better-sqlite3 connection under a drizzle database or transaction (a transaction shares its database's). */
export function clientOf(tx: Tx | Db): Db["$client"] {
  return (tx as unknown as { session: { client: Db["$client"] } }).session.client;
}

const preparedQueries = new WeakMap<object, Map<string, unknown>>();

/**
 * A drizzle prepared query (values as `sql.placeholder`) made once per connection and name, then reused: building
 * the query and preparing it again for every stored report cost more than SQLite's work in it (issue 16, item 5).
 * The query is bound to the connection, not to the transaction it was first made in.
 */
export function preparedOnce<T>(tx: Tx | Db, name: string, build: () => T): T {
  const client = clientOf(tx);
  let byName = preparedQueries.get(client);
  if (!byName) {
    byName = new Map();
    preparedQueries.set(client, byName);
  }
  if (!byName.has(name)) byName.set(name, build());
  return byName.get(name) as T;
}
