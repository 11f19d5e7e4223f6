import { parentPort } from "node:worker_threads";
import { parseBytes } from "./job";

type Job = { id: number; name: string; bytes: Uint8Array; maxFileMb: number };

/**
 * Parses the bytes the pool sends, one file at a time: `{ id, name, bytes, maxFileMb }` in, `{ id, result }` out.
 * The worker never reads the file itself; a report's bytes are handed back (moved, not copied) with it.
 */
parentPort?.on("message", async ({ id, name, bytes, maxFileMb }: Job) => {
  const result = await parseBytes(name, bytes, maxFileMb);
  parentPort?.postMessage({ id, result }, result.ok ? [result.bytes.buffer as ArrayBuffer] : []);
});
