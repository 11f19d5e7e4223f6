import { openStore, type StoreTarget, withoutPassword } from "../../db/open-store";
import type { WriteStore } from "../store/write-store";
import type { CliIo } from "./io";

/** The target as the commands' messages name it: the database file's full path, or its URL. */
export function targetPath(target: StoreTarget): string {
  return target.kind === "sqlite" ? target.path : withoutPassword(target.url);
}

/**
 * The Store of `target` opened for writing (db/open-store.ts), or null after saying on stderr why it cannot be
 * used. Opening also merges the agencies a database stored before migration 0010 split (a no-op once done).
 */
export async function openStoreFor(target: StoreTarget, io: Pick<CliIo, "stderr">): Promise<WriteStore | null> {
  try {
    return await openStore(target);
  } catch (error) {
    io.stderr(`cannot use the database ${targetPath(target)}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}
