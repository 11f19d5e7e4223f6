import { openWritableDb, type Db } from "../../db/client";
import type { CliIo } from "./io";

/** The database opened for writing, or null after saying on stderr why it cannot be used. */
export function openDbFor(database: string, io: Pick<CliIo, "stderr">): Db | null {
  try {
    return openWritableDb(database);
  } catch (error) {
    io.stderr(`cannot use the database ${database}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}
