import { strToU8, Zip, ZipDeflate } from "fflate";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { openWebDb as openReadonlyDb } from "../../db/queries";
import { contentDisposition, csvChunks } from "./csv";
import { databaseTables } from "./views";

/**
 * The bulk downloads. Both read through a connection of their own: a table is read row by row while the zip
 * is written, and better-sqlite3 allows no other statement on a connection in the middle of an iteration.
 */

/** A zip with one CSV per database table, compressed as the client reads it. */
export function zipOfTables(databaseFile: string): ReadableStream<Uint8Array> {
  const db = openReadonlyDb(databaseFile);
  const ready: Uint8Array[] = [];
  let finished = false;
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else ready.push(chunk);
    if (final) finished = true;
  });

  function* writeTables(): Generator<void> {
    for (const table of databaseTables(db)) {
      const file = new ZipDeflate(table.fileName, { level: 6 });
      zip.add(file);
      for (const text of csvChunks(table)) {
        file.push(strToU8(text));
        yield;
      }
      file.push(new Uint8Array(0), true);
    }
    zip.end();
  }

  const steps = writeTables();
  const close = () => db.$client.open && db.$client.close();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (ready.length === 0 && !finished && !failure && !steps.next().done);
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
    cancel() {
      steps.return(undefined);
      close();
    },
  });
}

export function zipResponse(databaseFile: string): Response {
  return new Response(zipOfTables(databaseFile), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": contentDisposition("nianbao-tables.zip"), "Cache-Control": "no-store" },
  });
}

/**
 * The SQLite file as a consistent snapshot: the online backup copies the database with the commits still in
 * its WAL, which a copy of the main file alone would miss.
 */
export async function databaseSnapshotResponse(databaseFile: string): Promise<Response> {
  const dir = await mkdtemp(join(tmpdir(), "nianbao-export-"));
  const snapshot = join(dir, "nianbao.db");
  const db = openReadonlyDb(databaseFile);
  try {
    await db.$client.backup(snapshot);
  } finally {
    db.$client.close();
  }
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
