import { strToU8, Zip, ZipDeflate } from "fflate";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Store, TableReader } from "../store/store";
import { contentDisposition, csvChunksOf } from "./csv";
import { databaseTables } from "./views";

/**
 * The bulk downloads. Both read through the Store on a connection of their own (`openTableReader`,
 * `writeSqliteSnapshot`): a table is read row by row while the zip is written.
 */

/** A zip with one CSV per database table, compressed as the client reads it. */
export function zipOfTables(store: Store): ReadableStream<Uint8Array> {
  let reader: TableReader | null = null;
  const ready: Uint8Array[] = [];
  let finished = false;
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else ready.push(chunk);
    if (final) finished = true;
  });

  async function* writeTables(): AsyncGenerator<void> {
    reader = await store.openTableReader();
    for await (const table of databaseTables(reader)) {
      const file = new ZipDeflate(table.fileName, { level: 6 });
      zip.add(file);
      for await (const text of csvChunksOf(table)) {
        file.push(strToU8(text));
        yield;
      }
      file.push(new Uint8Array(0), true);
    }
    zip.end();
  }

  const steps = writeTables();
  const close = () => reader?.close();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (ready.length === 0 && !finished && !failure && !(await steps.next()).done);
      } catch (error) {
        // A read that fails (the database gone, say) ends the download with its error and frees the connection.
        failure = error instanceof Error ? error : new Error(String(error));
      }
      if (failure) {
        close();
        return controller.error(failure);
      }
      while (ready.length) controller.enqueue(ready.shift()!);
      if (finished) {
        close();
        controller.close();
      }
    },
    async cancel() {
      await steps.return(undefined);
      close();
    },
  });
}

export function zipResponse(store: Store): Response {
  return new Response(zipOfTables(store), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": contentDisposition("nianbao-tables.zip"), "Cache-Control": "no-store" },
  });
}

/**
 * The SQLite file as a consistent snapshot: the online backup copies the database with the commits still in
 * its WAL, which a copy of the main file alone would miss.
 */
export async function databaseSnapshotResponse(store: Store): Promise<Response> {
  const dir = await mkdtemp(join(tmpdir(), "nianbao-export-"));
  const snapshot = join(dir, "nianbao.db");
  await store.writeSqliteSnapshot(snapshot);
  const stream = createReadStream(snapshot);
  stream.on("close", () => void rm(dir, { recursive: true, force: true }));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Disposition": contentDisposition("nianbao.db"),
      "Cache-Control": "no-store",
    },
  });
}
