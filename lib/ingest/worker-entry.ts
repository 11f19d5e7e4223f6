import { parentPort } from "node:worker_threads";
import { parseFile } from "./job";

/** Parses the files the pool sends, one at a time: `{ id, path, maxFileMb }` in, `{ id, result }` out. */
parentPort?.on("message", async ({ id, path, maxFileMb }: { id: number; path: string; maxFileMb: number }) => {
  parentPort?.postMessage({ id, result: await parseFile(path, maxFileMb) });
});
