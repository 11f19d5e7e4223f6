import { openWritableDb, type Db } from "../../db/client";
import { backfillIdentity } from "../../db/identity";
import type { CliIo } from "./io";

/**
 * The database opened for writing, or null after saying on stderr why it cannot be used. Opening also merges the
 * agencies a database stored before migration 0010 split (db/identity.ts backfillIdentity; a no-op once done).
 */
export function openDbFor(database: string, io: Pick<CliIo, "stderr">): Db | null {
  try {
    return openStore(database);
  } catch (error) {
    io.stderr(`cannot use the database ${database}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}

/** openWritableDb, then the identity backfill; the store every writing CLI uses. */
export function openStore(database: string): Db {
  const db = openWritableDb(database);
  try {
    backfillIdentity(db);
  } catch (error) {
    db.$client.close();
    throw error;
  }
  return db;
}
